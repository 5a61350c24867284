"""Reading a deal: YAML/JSON text or a deal file into a validated Deal (the schema is in rules.deal)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from rules.deal import Deal, DealError, clip, validate_deal

FORMATS = ("yaml", "json")
EXTENSIONS = (".yaml", ".yml", ".json")   # deal files: .json is read as JSON, the others as YAML


class DealLoader(yaml.SafeLoader):
    """YAML without implicit timestamps, so a bad date (2023-02-30) reaches validation as text
    and is reported with its field path instead of crashing the parser."""


DealLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# YAML aliases can make a few kilobytes expand into millions of values (each validated and checked);
# a deal may hold at most this many values, or as many as its text has characters if that is more.
MIN_VALUE_BUDGET = 100_000


def parse_text(text: str, fmt: str | None = None, source: str = "") -> Any:
    """Parse YAML or JSON text (JSON is tried first when no format is given)."""
    fmt = (fmt or "").lower()
    if fmt == "json" or (not fmt and text.lstrip().startswith(("{", "["))):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if fmt == "json":
                raise DealError([f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"], source) from None
        except (RecursionError, ValueError) as exc:  # nesting thousands deep; an int of 5,000 digits
            raise DealError([f"not valid JSON: {_unreadable(exc)}"], source) from None
    try:
        data = yaml.load(text, Loader=DealLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DealError([f"not valid YAML{where}: {clip(problem)}"], source) from None
    except (RecursionError, ValueError) as exc:
        raise DealError([f"not valid YAML: {_unreadable(exc)}"], source) from None
    budget = max(MIN_VALUE_BUDGET, len(text))
    if _more_values_than(data, budget):
        raise DealError([f"the deal expands to more than {budget:,} values (YAML aliases repeating "
                         "themselves?)"], source)
    return data


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return clip(str(exc).split(";")[0])  # drop Python's hint about sys.set_int_max_str_digits


def _more_values_than(data: Any, budget: int) -> bool:
    """Count values as validation would meet them (an alias counts every time it is used), stopping
    at the budget, so a self-referencing or exponentially aliased document costs at most `budget`."""
    stack, seen = [data], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > budget:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def parse_deal(text: str, fmt: str | None = None, source: str = "") -> Deal:
    """A Deal from YAML or JSON text.

    Args:
        text: the deal as YAML or JSON (a pasted deal, an upload's contents).
        fmt: "yaml" or "json"; None tries JSON when the text starts with { or [, else YAML.
        source: what to name the deal by in problems (a file name), "" for pasted text.
    Returns:
        the validated Deal (rules.deal), every field checked against the deal model.
    Raises:
        DealError: listing every problem at once, each naming its field path.
    """
    return validate_deal(parse_text(text, fmt, source), source)


def load_deal_file(path: str | Path, fmt: str | None = None) -> Deal:
    """A Deal from a deal file, the way `ipabs check DEAL_FILE` reads it.

    Args:
        path: the deal file (UTF-8; EXTENSIONS lists the usual names: .yaml, .yml, .json).
        fmt: "yaml" or "json"; None reads .json as JSON and anything else as YAML.
    Returns:
        the validated Deal (rules.deal), ready for `rules.engine.Checker.check`.
    Raises:
        DealError: naming the file and listing every problem (missing file, not UTF-8, bad
            YAML/JSON, each invalid field with its path).
    """
    path = Path(path)
    source = str(path)
    try:
        is_file = path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        is_file = False
    if not is_file:
        raise DealError([f"{clip(source)}: no such deal file"], source)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DealError([f"{source}: not UTF-8 text; save the deal file as UTF-8"], source) from None
    except OSError as exc:
        raise DealError([f"{source}: cannot read the deal file ({exc.strerror or exc})"], source) from None
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "yaml")
    return parse_deal(text, fmt, source)
