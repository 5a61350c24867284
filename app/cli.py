"""The `ipabs` command line: one group, subcommands contributed by each area."""
from __future__ import annotations

import click
from pydantic import ValidationError

from app import check_cli, intake_cli, kb_cli, web_cli
from app.settings import Settings, get_settings
from errors import UserError
from kb.connection import StoreUnavailable

# Like a usage error: nothing ran. Fix the setting, or start the server, and run the command again.
SETUP_ERROR_EXIT = 2


class _Commands(click.Group):
    """Every subcommand, with a bad IPABS_* setting, an unreachable Chroma server or bad input as a message, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ValidationError as err:
            if err.title != Settings.__name__:
                raise   # not ours to explain (a deal's field errors are the check command's)
            for problem in err.errors():
                name = "IPABS_" + "_".join(str(part) for part in problem["loc"]).upper()
                click.echo(f"Error: {name}: {problem['msg'].removeprefix('Value error, ')}", err=True)
            ctx.exit(SETUP_ERROR_EXIT)
        except StoreUnavailable as err:
            click.echo(f"Error: {err}", err=True)
            ctx.exit(SETUP_ERROR_EXIT)
        except UserError as err:   # bad input (a deal, a file, a pack, an archive), named: the one catch site
            click.echo(err.explain(), err=True)
            ctx.exit(err.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ipabs")
def main() -> None:
    """ipabs: regulatory knowledge base and compliance checker for IP securitization.

    Data lives in $IPABS_DATA_DIR (default ./data); models come from installed packages only.
    """
    get_settings()  # fail early on a bad IPABS_* variable


for command in [*kb_cli.commands, *check_cli.commands, *intake_cli.commands, *web_cli.commands]:
    main.add_command(command)
