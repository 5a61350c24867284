"""The `ipabs` command line: one group, subcommands contributed by each area."""
from __future__ import annotations

import importlib

import click
from pydantic import ValidationError

from app.settings import Settings, get_settings
from errors import UserError
from kb.connection import StoreUnavailable

# Like a usage error: nothing ran. Fix the setting, or start the server, and run the command again.
SETUP_ERROR_EXIT = 2

# Each subcommand and the module that defines it, imported only when that command runs (or help lists
# them all): a one-off `ipabs ask` does not pay for the rules engine, OCR or the web app.
COMMANDS = {
    "ingest": ("app.kb_cli", "ingest"), "ask": ("app.kb_cli", "ask"), "docs": ("app.kb_cli", "docs"),
    "kb": ("app.kb_cli", "kb_group"),
    "check": ("app.check_cli", "check_cmd"), "rules": ("app.check_cli", "rules_group"),
    "schema": ("app.check_cli", "schema_group"),
    "intake": ("app.intake_cli", "intake_cmd"),
    "serve": ("app.web_cli", "serve"), "users": ("app.web_cli", "users"), "starter": ("app.web_cli", "starter"),
}


class _Commands(click.Group):
    """Every subcommand, loaded on demand, with a bad IPABS_* setting, an unreachable Chroma server or bad
    input as one line, not a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        command = getattr(importlib.import_module(module), attribute)
        self.add_command(command, name)
        return command

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
