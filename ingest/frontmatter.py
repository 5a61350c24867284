"""YAML front matter: the `---` block at the top of a text or Markdown file, read as metadata."""
from __future__ import annotations

import re

import yaml

from .document import IngestError

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# A block is front matter when its first line that is neither blank nor a comment is `key: value`.
# A plain text may open with a `---` rule and hold another further down: text, not metadata.
_KEY_LINE = re.compile(r"[\"']?\w[\w .-]*[\"']?[ \t]*:(?:\s|$)")
# The block starts on the file's second line, after the opening `---`.
_FIRST_LINE = 2


def split_front_matter(text: str, file: str) -> tuple[dict[str, str], str]:
    """Return (front matter as a dict of strings, body); no front matter gives ({}, text).

    Raises:
        IngestError: the block is not valid YAML, with the file's line where the YAML breaks.
    """
    match = _BLOCK.match(text)
    if not match or not _looks_like_keys(match.group(1)):
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise IngestError(file, _yaml_problem(exc)) from None
    if not isinstance(data, dict):
        raise IngestError(file, "front matter is not a list of `key: value` lines")
    return {str(k): _as_text(v) for k, v in data.items() if v is not None}, text[match.end():]


def _looks_like_keys(block: str) -> bool:
    """Whether the block opens with a `key:` line (blank lines and `#` comments skipped)."""
    first = next((line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    return bool(_KEY_LINE.match(first))


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """'front matter is not valid YAML at line 3: found unexpected end of stream (while scanning a
    quoted scalar at line 2)': PyYAML's marks count from 0 within the block; people count file lines."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + _FIRST_LINE}" if mark is not None else ""
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and (mark is None or context_mark.line != mark.line):
        problem += f" ({context} at line {context_mark.line + _FIRST_LINE})"
    elif context:
        problem += f" ({context})"
    return f"front matter is not valid YAML{where}: {problem}"


def _as_text(value: object) -> str:
    """YAML turns `date: 2020-10-17` into a date object and lists into lists; we want plain strings."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value).strip()
