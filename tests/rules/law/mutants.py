"""Mutants of the packs: each threshold moved by one step, each date by one day, and each comparison
turned into its neighbour (< and <=, > and >=, == and !=), one at a time, in a copy of a pack.
Equalities with a named value (deal.model == 'leasing') are mutated too, as kind `choice`."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from rules.expr import Token, tokenize
from rules.engine import Checker
from rules.packs import PACK_DIR, Pack, load_pack
from tests.rules.law.cases import CASES
from tests.rules.law.runner import outcome

FLIP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}


@dataclass(frozen=True)
class Mutant:
    pack_file: str     # file name in the pack directory
    item_id: str       # the rule or programme mutated
    where: str         # condition | when | criteria[i] | amount
    source: str        # the expression before
    mutated: str       # the expression after
    kind: str          # threshold | date | comparison

    @property
    def label(self) -> str:
        return f"{self.item_id} {self.where}: {self.kind} `{self.source}` -> `{self.mutated}`"


def _is_enum_comparison(tokens: list[Token], i: int) -> bool:
    """`deal.model == 'leasing'`: an equality with a text or true/false literal is a choice between
    named values, not a threshold or date boundary (its mutants are counted apart, as `choice`)."""
    neighbours = (tokens[i - 1], tokens[i + 1])
    return any(t.kind == "str" or (t.kind == "kw" and t.text in ("true", "false", "null")) for t in neighbours)


def _step(text: str) -> Decimal:
    """One step in the number's written precision: 200 -> 1, 0.15 -> 0.01, 0.5 -> 0.1, 0.008 -> 0.001."""
    return Decimal(1).scaleb(Decimal(text).as_tuple().exponent) if "." in text else Decimal(1)


def _replace(source: str, token: Token, text: str) -> str:
    return source[:token.pos] + text + source[token.pos + len(token.text):]


def expression_mutants(source: str) -> list[tuple[str, str]]:
    """(kind, mutated source) for one expression."""
    tokens = tokenize(source)
    out: list[tuple[str, str]] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "num":
            step = _step(tok.text)
            for moved in (Decimal(tok.text) - step, Decimal(tok.text) + step):
                out.append(("threshold", _replace(source, tok, format(moved, "f"))))
        elif tok.kind == "str" and i >= 2 and tokens[i - 2].text == "date" and tokens[i - 1].text == "(":
            day = dt.date.fromisoformat(tok.text[1:-1])
            for moved in (day - dt.timedelta(days=1), day + dt.timedelta(days=1)):
                out.append(("date", _replace(source, tok, f"'{moved.isoformat()}'")))
        elif tok.kind == "op" and tok.text in FLIP:
            kind = "choice" if _is_enum_comparison(tokens, i) else "comparison"
            out.append((kind, _replace(source, tok, FLIP[tok.text])))
    return out


def _expressions(entry: dict) -> list[tuple[str, str]]:
    if "condition" in entry:
        return [("condition", entry["condition"])] + ([("when", entry["when"])] if entry.get("when") else [])
    return [(f"criteria[{i}]", c["test"]) for i, c in enumerate(entry["criteria"])] + \
        ([("amount", entry["amount"])] if entry.get("amount") else [])


def all_mutants(pack_dir: Path) -> list[Mutant]:
    out = []
    for path in sorted(pack_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("rules", []) + data.get("programmes", []):
            for where, source in _expressions(entry):
                for kind, mutated in expression_mutants(source):
                    out.append(Mutant(path.name, entry["id"], where, source, mutated, kind))
    return out


# Mutants named in issue 12: each survived every test before the law cases existed. They are larger
# than one step, so they are added by hand: (rule, text in its condition, replacement).
NAMED = (("CN-S-04b", "deal.investor_count <= 200", "deal.investor_count <= 100"),
         ("CN-R-01a", "derived.retention_pct >= 0.05", "derived.retention_pct >= 0.04"),
         ("CN-A-03b", "o.share > 0.15", "o.share > 0.25"))


def named_mutants(pack_dir: Path) -> list[Mutant]:
    out = []
    for path in sorted(pack_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("rules", []):
            for rule, before, after in NAMED:
                if entry["id"] == rule and before in entry["condition"]:
                    out.append(Mutant(path.name, rule, "condition", entry["condition"],
                                      entry["condition"].replace(before, after), "named"))
    return out


def mutated_pack(pack_dir: Path, mutant: Mutant, out_dir: Path) -> Pack:
    """Write the pack with the mutant applied to `out_dir` and load it."""
    data = yaml.safe_load((pack_dir / mutant.pack_file).read_text(encoding="utf-8"))
    entry = next(e for e in data.get("rules", []) + data.get("programmes", []) if e["id"] == mutant.item_id)
    if mutant.where.startswith("criteria["):
        entry["criteria"][int(mutant.where[9:-1])]["test"] = mutant.mutated
    else:
        entry[mutant.where] = mutant.mutated
    data["version"] = f"{data['version']}-mutant"
    target = out_dir / mutant.pack_file
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_pack(target)


def killed_by(mutant: Mutant, work: Path, oracle: str = "law") -> str | None:
    """The first case whose outcome changes under the mutant (or the error it raises), else None.
    `oracle` is "law" (the law cases here) or "pack" (the rule's own cases in the pack, the
    baseline these law cases are measured against)."""
    try:
        pack = mutated_pack(PACK_DIR, mutant, work)
        checker = Checker([pack])
        if oracle == "pack":
            from rules.casetest import run_case
            item = next(i for i in pack.items if i.id == mutant.item_id)
            for case in item.tests:
                result = run_case(checker, pack, item, case)
                if not result.ok:
                    return f"pack case {case.name}: got {result.got}"
            return None
        for case in (c for c in CASES if c.rule == mutant.item_id):
            got = outcome(checker, pack, case)
            if got != case.expect:
                return f"{case.name}: got {got}"
    except Exception as exc:  # a mutant that breaks loading or evaluation is caught by the tests too
        return f"error: {type(exc).__name__}: {exc}"
    return None


def run(mutants: list[Mutant], oracle: str = "law") -> tuple[list[tuple[Mutant, str]], list[Mutant]]:
    killed, survived = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for mutant in mutants:
            why = killed_by(mutant, Path(tmp), oracle)
            (killed.append((mutant, why)) if why else survived.append(mutant))
    return killed, survived
