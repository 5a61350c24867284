"""CLI commands of the web app: `serve`, `starter` (its first step) and `users` (the accounts `serve` asks for)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from app.settings import get_settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 exposes the app to the network (set IPABS_USERS first).")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
def serve(host: str, port: int) -> None:
    """Start the web app: Ask, Check, Library and Rules in the browser.

    Without IPABS_USERS anyone who can reach the port is the local admin (fine on 127.0.0.1).
    With IPABS_USERS pointing at a users file (see `ipabs users add`), everyone signs in and each
    action is allowed by role: viewer (Ask), arranger (+ Check, Rules), editor (+ Library),
    admin (+ Audit). Every action is logged to $IPABS_DATA_DIR/audit.jsonl.
    """
    from app.web.server import launch

    from app.web.auth import Users

    settings = get_settings()
    try:
        Users(settings.users)   # a broken users file stops here, before anything listens
    except ValueError as err:
        raise click.ClickException(str(err))
    if settings.users is None and host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host} without IPABS_USERS: anyone who reaches it is admin", err=True)
    launch(settings, host, port)


@click.command()
def starter() -> None:
    """Load the starter knowledge pack into an empty library (`serve` and `make run` do this first).

    A library that holds any document is left as it is; IPABS_STARTER_PACK=false turns the step off.
    """
    from app.knowledge import load_starter_pack, open_kb

    settings = get_settings()
    if not settings.starter_pack:
        click.echo("starter pack off (IPABS_STARTER_PACK=false)")
    elif load_starter_pack(open_kb(settings), settings):
        click.echo("starter pack loaded")
    else:
        click.echo("starter pack not needed: the library is not empty")


@click.group()
def users() -> None:
    """Manage the users file named by IPABS_USERS (JSON or YAML, passwords bcrypt-hashed)."""


def _users_file(path: Path | None):
    from app.web.auth import Users

    path = path or get_settings().users
    if path is None:
        raise click.ClickException("set IPABS_USERS to the users file (e.g. users.yaml), or pass --file")
    try:
        return Users(path)
    except ValueError as err:
        raise click.ClickException(str(err))


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "arranger", "editor", "admin"]), required=True)
@click.option("--file", "file_", type=click.Path(path_type=Path), help="Users file (default: $IPABS_USERS).")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin instead of prompting.")
def users_add(name: str, role: str, file_: Path | None, password_stdin: bool) -> None:
    """Add a user, or change an existing user's password and role."""
    store = _users_file(file_)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("use a password of at least 8 characters")
    try:
        store.add(name, password, role)
    except ValueError as err:
        raise click.ClickException(str(err))
    click.echo(f"{name}: {role} (written to {store.path})")


@users.command("list")
@click.option("--file", "file_", type=click.Path(path_type=Path))
def users_list(file_: Path | None) -> None:
    """User names and roles."""
    store = _users_file(file_)
    for name in store.names():
        click.echo(f"{name}\t{store.user(name).role}")


@users.command("remove")
@click.argument("name")
@click.option("--file", "file_", type=click.Path(path_type=Path))
def users_remove(name: str, file_: Path | None) -> None:
    """Remove a user."""
    if not _users_file(file_).remove(name):
        raise click.ClickException(f"no user {name!r}")
    click.echo(f"removed {name}")


commands = [serve, starter, users]
