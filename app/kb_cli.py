"""CLI commands of the knowledge base (being written)."""
commands: list = []
