"""YAML front matter: the `---` block at the top of a Markdown file, read as metadata."""
from __future__ import annotations

import re

import yaml

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (front matter as a dict of strings, body). No block, or YAML that is not a mapping,
    gives an empty dict; a malformed block is still cut off so its lines never become law text."""
    match = _BLOCK.match(text)
    if not match:
        return {}, text
    body = text[match.end():]
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, body
    if not isinstance(data, dict):
        return {}, body
    return {str(k): _as_text(v) for k, v in data.items() if v is not None}, body


def _as_text(value: object) -> str:
    """YAML turns `date: 2020-10-17` into a date object and lists into lists; we want plain strings."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value).strip()
