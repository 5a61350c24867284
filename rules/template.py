"""Explanation templates: text with `{expression}` placeholders filled from a deal's facts."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from rules.evaluate import UNKNOWN, Env, Trace, compile_node
from rules.expr import field_paths, parse


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@lru_cache(maxsize=2048)
def _template_parts(template: str) -> tuple:
    """Split a template once into literal text and compiled placeholder closures."""
    parts: list = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[pos:match.start()])
        parts.append((compile_node(parse(match.group(1))), match.group(1)))
        pos = match.end()
    parts.append(template[pos:])
    return tuple(parts)


def render_template(template: str, facts: dict) -> str:
    """Fill `{expression}` placeholders; missing values show as '(missing)'."""
    parts = _template_parts(template or "")
    if len(parts) == 1:
        return parts[0].strip()
    env = Env(facts, Trace())  # one scratch trace: templates never decide an outcome
    return "".join(p if isinstance(p, str) else format_value(p[0](env)) for p in parts).strip()


def format_value(value) -> str:
    if value is UNKNOWN or value is None:
        return "(missing)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value) or "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def check_template(template: str) -> None:
    """Parse every placeholder of a template (raises ExprError on the first bad one)."""
    for match in _PLACEHOLDER.finditer(template or ""):
        parse(match.group(1))


def template_paths(template: str) -> list[str]:
    return [p for m in _PLACEHOLDER.finditer(template or "") for p in field_paths(parse(m.group(1)))]
