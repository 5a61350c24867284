"""The `ipabs` command line: one group, subcommands contributed by each area."""
from __future__ import annotations

import click

from app import check_cli, kb_cli, web_cli
from app.settings import get_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ipabs")
def main() -> None:
    """ipabs: regulatory knowledge base and compliance checker for IP securitization.

    Data lives in $IPABS_DATA_DIR (default ./data); models come from installed packages only.
    """
    get_settings()  # fail early on a bad IPABS_* variable


for command in [*kb_cli.commands, *check_cli.commands, *web_cli.commands]:
    main.add_command(command)
