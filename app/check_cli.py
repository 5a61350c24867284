"""CLI commands of the compliance checker (placeholder until the rules work lands)."""
commands: list = []
