"""The draft deal: every value found, agreeing sources merged, conflicts, doubts and missing facts listed, validated."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from errors import UserError
from rules.deal import Deal
from rules.intake.claims import find_claims
from rules.intake.doubts import Doubt, find_doubts
from rules.intake.evidence import Found, TextLine
from rules.intake.gaps import RightGaps, find_gaps
from rules.intake.ip import find_ip
from rules.intake.parties import find_parties
from rules.intake.terms import investor_count, labelled, model, retention, vehicle, venue
from rules.intake.tranches import find_tranches

# The facts most rules need: listed under NOT_FOUND_LABEL when no value was read for them.
KEY_FIELDS = ("name", "deal.model", "deal.venue", "deal.issue_size", "deal.establishment_date",
              "deal.legal_final_maturity", "deal.tranches", "deal.custodian.name", "manager.name",
              "originator.name", "servicer.name", "rating.agency", "rating.senior_rating",
              "risk_retention.pct_of_issue", "pool.claims", "pool.ip")
# How the key fields no value was read for are labelled wherever a draft is shown: the extractor
# not finding a value does not mean no document states it.
NOT_FOUND_LABEL = "Not found — check the documents · 未找到，请核对原文"
# Fewer facts than this, and no 专项计划 named: the documents are not about a deal.
MIN_FACTS = 3
_STEP = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


class NotADealDocument(UserError, ValueError):
    """The documents name no securitisation plan and state (almost) no deal facts."""

    exit_code = 2
    consequence = "nothing was written"


@dataclass
class Draft:
    deal: dict[str, Any]                              # the draft as a deal mapping (validates as a Deal)
    evidence: dict[str, list[Found]]                  # accepted field path -> every source that states it
    conflicts: dict[str, list[Found]]                 # field path -> the disagreeing sources (field left empty)
    missing: list[str]                                # KEY_FIELDS no value was read for (shown as NOT_FOUND_LABEL)
    dropped: list[str] = field(default_factory=list)  # values the deal model refused, with the reason
    doubts: list[Doubt] = field(default_factory=list)  # values to confirm (a patent number that does not add up)
    gaps: list[RightGaps] = field(default_factory=list)  # per IP right, the facts the checks need, not found in the documents

    def found(self) -> dict[str, Any]:
        return {path: sources[0].value for path, sources in self.evidence.items()}


def _normal(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return tuple(value)
    return value


def read_all(lines: list[TextLine]) -> list[Found]:
    """Every value every extractor finds, in document order of the extractors."""
    parties = find_parties(lines)
    originator = {f.value for f in parties.found if f.path == "originator.name"}
    originator_words = {"原始权益人", *originator,
                        *(alias for alias, name in parties.aliases.items() if name in originator)}
    tranches = find_tranches(lines, originator_words)
    aliases = {**parties.aliases, **{word: name for word in ("原始权益人",) for name in originator}}
    return [*parties.found, *model(lines), *venue(lines), *vehicle(lines),
            *labelled(lines, tranches.table_lines), *investor_count(lines), *tranches.found, *retention(lines, aliases),
            *find_ip(lines, aliases), *find_claims(lines)]


def draft_deal(lines: list[TextLine], deal_id: str = "draft") -> Draft:
    """A draft deal from the documents' lines. Raises NotADealDocument when they are not about a deal."""
    found = read_all(lines)
    by_path: dict[str, list[Found]] = {}
    for item in found:
        by_path.setdefault(item.path, []).append(item)
    if "name" not in by_path and len(by_path) < MIN_FACTS:
        files = ", ".join(dict.fromkeys(line.file for line in lines)) or "(no text)"
        raise NotADealDocument(f"{files}: not an offering document: no 资产支持专项计划 is named and "
                               f"{len(by_path)} deal fact(s) found")
    evidence, conflicts = {}, {}
    for path, sources in by_path.items():
        values = {_normal(s.value) for s in sources}
        (evidence if len(values) == 1 else conflicts)[path] = sources
    doubts = find_doubts(evidence)
    deal, dropped = _validated({"id": deal_id, **_nested({p: s[0].value for p, s in evidence.items()})}, evidence)
    stated = set(evidence) | set(conflicts)
    present = stated | {re.sub(r"\[\d+\].*$", "", p) for p in stated}
    missing = [key for key in KEY_FIELDS if key not in present]
    return Draft(deal, evidence, conflicts, missing, dropped, doubts, find_gaps(deal))


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    """{'deal.tranches[1].size': 5} -> {'deal': {'tranches': [{}, {'size': 5}]}}; dates as ISO text."""
    root: dict[str, Any] = {}
    for path, value in flat.items():
        node: Any = root
        steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(path)]
        for i, (name, index) in enumerate(steps):
            last = i == len(steps) - 1
            if index is None:
                if last:
                    node[name] = value.isoformat() if isinstance(value, dt.date) else value
                else:
                    node = node.setdefault(name, {})
            else:
                items = node.setdefault(name, [])
                while len(items) <= int(index):
                    items.append({})
                if last:
                    items[int(index)] = value
                else:
                    node = items[int(index)]
    return root


def _validated(data: dict[str, Any], evidence: dict[str, list[Found]]) -> tuple[dict[str, Any], list[str]]:
    """Drop the values the deal model refuses (each with its reason) until the draft validates."""
    dropped: list[str] = []
    for _ in range(len(evidence) + 1):
        try:
            Deal.model_validate(data)
            return data, dropped
        except ValidationError as exc:
            for error in exc.errors():
                path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
                dropped.append(f"{path}: {error['msg']} (read {error.get('input')!r})")
                for key in [k for k in evidence if k == path or k.startswith((path + ".", path + "["))]:
                    evidence.pop(key)
            data = {"id": data["id"], **_nested({p: s[0].value for p, s in evidence.items()})}
    raise AssertionError("unreachable: every refused value is dropped")
