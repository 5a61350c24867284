"""What-if: change a deal's fields by path (`pool.ip[0].annual_fee_paid=false`) and diff reports."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from rules.deal import Deal, DealError, clip, validate_deal
from rules.deal_io import DealLoader
from rules.findings import Report, SubsidyResult
from rules.labels import ELIGIBILITY_NAME, money

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


def _parse_path(path: str) -> list[str | int]:
    """'pool.ip[0].annual_fee_paid' -> ['pool', 'ip', 0, 'annual_fee_paid']."""
    steps: list[str | int] = []
    for part in path.split("."):
        match = _STEP.fullmatch(part.strip())
        if not match:
            raise ValueError(f"bad field path {path!r} near {part!r}")
        steps.append(match.group(1))
        steps += [int(i) for i in re.findall(r"\[(\d+)\]", match.group(2))]
    return steps


def _parse_value(text: str) -> Any:
    """YAML scalar rules: true/false, numbers (1e8), null, [lists], {maps}; dates stay text and
    are validated by the deal model."""
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+", text):  # YAML 1.1 misses 1e8
        return float(text)
    return yaml.load(text, Loader=DealLoader) if text else ""  # noqa: S506 - safe loader subclass


def _set(data: dict, steps: list[str | int], value: Any, path: str) -> None:
    node: Any = data
    for step, nxt in zip(steps, steps[1:]):
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                raise ValueError(f"{path}: index [{step}] is out of range")
            if node[step] is None:
                node[step] = [] if isinstance(nxt, int) else {}
            node = node[step]
        else:
            if not isinstance(node, dict):
                raise ValueError(f"{path}: '{step}' is not inside a mapping")
            if node.get(step) is None:
                node[step] = [] if isinstance(nxt, int) else {}
            node = node[step]
    last = steps[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last > len(node):
            raise ValueError(f"{path}: index [{last}] is out of range")
        if last == len(node):
            node.append(value)  # allows adding one item at the end
        else:
            node[last] = value
    else:
        if not isinstance(node, dict):
            raise ValueError(f"{path}: '{last}' is not inside a mapping")
        node[last] = value


def set_path(data: dict, path: str, value: Any) -> None:
    """Set `value` at a field path (`pool.ip[0].annual_fee_paid`) in a nested mapping, creating what is
    missing; raises ValueError naming the path when it cannot be followed."""
    _set(data, _parse_path(path.strip()), value, path.strip())


def apply_changes(deal: Deal, changes: list[str]) -> Deal:
    """A new Deal with each `path=value` applied; raises DealError listing every bad change."""
    data = deal.model_dump(mode="json", exclude_none=True)
    problems = []
    for change in changes:
        shown = clip(repr(change))   # one short line per problem, whatever was typed
        if "=" not in change:
            problems.append(f"--set {shown}: expected field.path=value")
            continue
        path, text = change.split("=", 1)
        try:
            _set(data, _parse_path(path.strip()), _parse_value(text), path.strip())
        except RecursionError:
            problems.append(f"--set {shown}: the value is nested too deeply")
        except (ValueError, yaml.YAMLError) as exc:
            problems.append(f"--set {shown}: {str(exc).splitlines()[0][:200]}")
    if problems:
        raise DealError(problems)
    return validate_deal(data)


@dataclass(frozen=True)
class Change:
    rule_id: str
    before: str  # status, or 'absent'
    after: str
    title: str
    explanation: str


def diff_reports(a: Report, b: Report) -> list[Change]:
    """Findings whose status or explanation changed from `a` to `b`, plus subsidy changes."""
    before = {f.rule_id: f for f in a.findings}
    after = {f.rule_id: f for f in b.findings}
    changes = []
    for rule_id in sorted(before.keys() | after.keys()):
        fa, fb = before.get(rule_id), after.get(rule_id)
        if fa and fb and (fa.status, fa.explanation) == (fb.status, fb.explanation):
            continue
        ref = fb or fa
        changes.append(Change(rule_id, fa.status if fa else "absent", fb.status if fb else "absent",
                              ref.title, (fb or fa).explanation))
    subs_a = {s.programme: s for s in a.subsidies}
    subs_b = {s.programme: s for s in b.subsidies}
    for prog in sorted(subs_a.keys() | subs_b.keys()):
        sa, sb = subs_a.get(prog), subs_b.get(prog)
        if _subsidy_state(sa) != _subsidy_state(sb):
            changes.append(Change(prog, _subsidy_state(sa), _subsidy_state(sb), (sb or sa).title,
                                  "; ".join((sb or sa).reasons)))
    return changes


def _subsidy_state(sub: SubsidyResult | None) -> str:
    """`Eligible · 符合, 人民币 301 万元 / RMB 3,010,000`, or `absent`."""
    if sub is None:
        return "absent"
    amount = f", {money(sub.estimated_amount, sub.currency)}" if sub.estimated_amount is not None else ""
    return ELIGIBILITY_NAME[sub.eligible] + amount

