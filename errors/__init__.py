"""The one kind of error a user can fix: which file, which field, and why; every area's own error extends it."""
from __future__ import annotations


class UserError(Exception):
    """Bad input, named: `file` and `field` where known, `reason` always. The CLI (app.cli) and the web
    show it as a message, never a traceback; `exit_code` is the CLI's status for it."""

    exit_code = 1
    consequence = ""   # what did not happen because of it, said after the reason ("nothing was written")

    def __init__(self, reason: str, file: str = "", field: str = "", message: str | None = None):
        self.reason, self.file, self.field = reason, str(file or ""), field
        super().__init__(message if message is not None else ": ".join(p for p in (self.file, field, reason) if p))

    def explain(self) -> str:
        """What the CLI prints (stderr): one `Error: …` line, with the consequence where an area names one."""
        return f"Error: {self}" + (f"; {self.consequence}" if self.consequence else "")


class NotFound(UserError, LookupError):
    """Something asked for by name or id that is not there (a document, a rule): never a bare KeyError."""
