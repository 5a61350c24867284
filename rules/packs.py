"""Rule packs as data: load the YAML packs, validate them, and parse their expressions once."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from errors import UserError
from rules import expr
from rules.template import check_template, template_paths
from rules.deal import Model, Venue, schema_paths
from rules.derived import DERIVED_FIELDS, IP_FIELDS
from rules.findings import Expectation, Severity
from rules.labels import SourceKind, Verification

PACK_DIR = Path(__file__).parent / "packs"

# Names a rule may read besides the deal's own fields (see derived.build_facts).
_EXTRA_PATHS = {"as_of", "derived", *(f"pool.ip[].{k}" for k in IP_FIELDS),
                *(f"derived.{k}" for k in DERIVED_FIELDS)}


class PackError(UserError):
    """A rule pack that cannot be loaded; the message (the `reason`) names the file and the rule."""


# ---------------------------------------------------------------- YAML shapes


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BasisSpec(_Spec):
    instrument: str = Field(min_length=1)
    article: str = Field(min_length=1)
    verification: Verification
    note: str | None = None


class Title(_Spec):
    zh: str
    en: str


MODEL_FIELD, VENUE_FIELD = "deal.model", "deal.venue"   # the deal fields `applies_to` filters on


class AppliesTo(_Spec):
    models: list[Literal[Model, "all"]] = ["all"]
    venues: list[Literal[Venue, "all"]] = ["all"]


class CaseSpec(_Spec):
    name: str | None = None
    expect: Expectation | None = None
    eligible: bool | None = None       # subsidy programmes
    amount: float | None = None        # subsidy programmes
    as_of: dt.date | None = None
    deal: dict[str, Any]


class Explain(_Spec):
    pass_: str = Field("", alias="pass")
    fail: str = ""


class RuleSpec(_Spec):
    id: str
    title: Title
    topic: str
    applies_to: AppliesTo = AppliesTo()
    severity: Severity
    when: str | None = None
    condition: str
    explain: Explain
    remediation: str
    basis: list[BasisSpec] = Field(min_length=1)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    tests: list[CaseSpec] = Field(min_length=2)

    @field_validator("tests")
    @classmethod
    def _both_ways(cls, tests: list[CaseSpec]) -> list[CaseSpec]:
        expects = {t.expect for t in tests}
        if None in expects:
            raise ValueError("every test case needs `expect`")
        if "pass" not in expects or not expects & {"fail", "warn"}:
            raise ValueError("tests need at least one passing and one failing case")
        return tests


class CriterionSpec(_Spec):
    test: str
    reason: str


class ProgrammeSpec(_Spec):
    id: str
    title: Title
    jurisdiction: str
    eligible_party: str
    criteria: list[CriterionSpec] = Field(min_length=1)
    amount: str | None = None
    amount_note: str | None = None
    currency: str = "CNY"
    as_of: dt.date
    source: str
    source_kind: SourceKind   # required: every programme says whether its source is the issuer's own
    basis: list[BasisSpec] = Field(min_length=1)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    tests: list[CaseSpec] = Field(min_length=2)


class PackSpec(_Spec):
    name: str
    version: str
    kind: Literal["rules", "subsidy"] = "rules"
    jurisdiction: str
    description: str
    rules: list[RuleSpec] = []
    programmes: list[ProgrammeSpec] = []


# ---------------------------------------------------------------- compiled values


@dataclass(frozen=True)
class Basis:
    instrument: str
    article: str
    verification: str

    def as_dict(self) -> dict:
        return {"instrument": self.instrument, "article": self.article, "verification": self.verification}


@dataclass(frozen=True)
class Case:
    name: str
    deal: dict
    expect: str | None = None
    eligible: bool | None = None
    amount: float | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True)
class Compiled:
    """An expression with its parse tree, parsed once at load time."""
    source: str
    tree: Any

    @classmethod
    def of(cls, source: str) -> "Compiled":
        return cls(source, expr.parse(source))


class _Dated:
    """What rules and programmes share: the dates they are in force between."""
    effective_from: dt.date | None
    effective_to: dt.date | None

    def in_force(self, day: dt.date) -> bool:
        """In force on `day`: effective_from <= day < effective_to (DESIGN.md: kb and rules alike)."""
        return (self.effective_from is None or self.effective_from <= day) and \
               (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True)
class Rule(_Dated):
    id: str
    pack: str
    title: dict
    topic: str
    models: tuple[str, ...]
    venues: tuple[str, ...]
    severity: str
    when: Compiled | None
    condition: Compiled
    explain_pass: str
    explain_fail: str
    remediation: str
    basis: tuple[Basis, ...]
    effective_from: dt.date | None
    effective_to: dt.date | None
    tests: tuple[Case, ...]

    @cached_property
    def basis_dicts(self) -> tuple[dict, ...]:
        return tuple(b.as_dict() for b in self.basis)

    def applies_to(self, model: str | None, venue: str | None) -> bool:
        """Model/venue filter: false only when the deal states a model or venue the rule is not
        for; an unstated one keeps the rule, undecided (see `scope_unknown`)."""
        return (not self.models or model is None or model in self.models) and \
               (not self.venues or venue is None or venue in self.venues)

    def scope_unknown(self, model: str | None, venue: str | None) -> list[str]:
        """The deal fields this rule is scoped on that the deal does not state: the rule may or
        may not apply, so it cannot be decided until they are stated (never a confident fail)."""
        return ([MODEL_FIELD] if self.models and model is None else []) + \
               ([VENUE_FIELD] if self.venues and venue is None else [])


@dataclass(frozen=True)
class Criterion:
    test: Compiled
    reason: str


@dataclass(frozen=True)
class Programme(_Dated):
    id: str
    pack: str
    title: dict
    jurisdiction: str
    eligible_party: str
    criteria: tuple[Criterion, ...]
    amount: Compiled | None
    amount_note: str
    currency: str
    as_of: dt.date
    source: str
    source_kind: str
    basis: tuple[Basis, ...]
    effective_from: dt.date | None
    effective_to: dt.date | None
    tests: tuple[Case, ...]
    severity: str = "info"


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    kind: str
    jurisdiction: str
    description: str
    path: Path
    rules: tuple[Rule, ...] = ()
    programmes: tuple[Programme, ...] = field(default=())

    @property
    def items(self) -> tuple:
        return self.rules + self.programmes

    def rules_in_scope(self, day: dt.date, model: str | None, venue: str | None) -> list[Rule]:
        """The rules in force on `day` that apply to the deal's model and venue."""
        return [r for r in self.rules if r.in_force(day) and r.applies_to(model, venue)]

    def programmes_in_force(self, day: dt.date) -> list[Programme]:
        return [p for p in self.programmes if p.in_force(day)]


# ---------------------------------------------------------------- loading


def _all_or(values: list[str]) -> tuple[str, ...]:
    return () if "all" in values else tuple(values)


def _check_paths(where: str, sources: list[str], known: set[str]) -> None:
    for source in sources:
        tree = expr.parse(source)
        for path in expr.field_paths(tree):
            if path not in known:
                raise PackError(f"{where}: unknown field '{path}' in `{source}`")


def _cases(specs: list[CaseSpec], where: str) -> tuple[Case, ...]:
    return tuple(Case(s.name or f"case {i + 1}", s.deal, s.expect, s.eligible, s.amount, s.as_of)
                 for i, s in enumerate(specs))


def _compile_rule(spec: RuleSpec, pack: str, where: str, known: set[str]) -> Rule:
    if spec.severity == "blocking" and all(b.verification == "R" for b in spec.basis):
        raise PackError(f"{where}: rule {spec.id} is blocking but every basis is R (unverified "
                        "recollection); make it a warning until a basis is verified (V or E)")
    if spec.effective_from and spec.effective_to and spec.effective_to < spec.effective_from:
        raise PackError(f"{where}: effective_to is before effective_from")
    sources = [spec.condition] + ([spec.when] if spec.when else [])
    _check_paths(where, sources, known)
    for template in (spec.explain.pass_, spec.explain.fail, spec.remediation):
        check_template(template)
        for path in template_paths(template):
            if path not in known:
                raise PackError(f"{where}: unknown field '{path}' in template {template!r}")
    return Rule(
        id=spec.id, pack=pack, title=spec.title.model_dump(), topic=spec.topic,
        models=_all_or(spec.applies_to.models), venues=_all_or(spec.applies_to.venues),
        severity=spec.severity, when=Compiled.of(spec.when) if spec.when else None,
        condition=Compiled.of(spec.condition), explain_pass=spec.explain.pass_,
        explain_fail=spec.explain.fail, remediation=spec.remediation,
        basis=tuple(Basis(b.instrument, b.article, b.verification) for b in spec.basis),
        effective_from=spec.effective_from, effective_to=spec.effective_to,
        tests=_cases(spec.tests, where))


def _compile_programme(spec: ProgrammeSpec, pack: str, where: str, known: set[str]) -> Programme:
    sources = [c.test for c in spec.criteria] + ([spec.amount] if spec.amount else [])
    _check_paths(where, sources, known)
    for c in spec.criteria:
        check_template(c.reason)
    return Programme(
        id=spec.id, pack=pack, title=spec.title.model_dump(), jurisdiction=spec.jurisdiction,
        eligible_party=spec.eligible_party,
        criteria=tuple(Criterion(Compiled.of(c.test), c.reason) for c in spec.criteria),
        amount=Compiled.of(spec.amount) if spec.amount else None,
        amount_note=spec.amount_note or "", currency=spec.currency, as_of=spec.as_of,
        source=spec.source, source_kind=spec.source_kind,
        basis=tuple(Basis(b.instrument, b.article, b.verification) for b in spec.basis),
        effective_from=spec.effective_from, effective_to=spec.effective_to,
        tests=_cases(spec.tests, where))


def _error_lines(exc: ValidationError, data: dict) -> str:
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] in ("rules", "programmes") and isinstance(loc[1], int):
            try:
                where = f"{data[loc[0]][loc[1]].get('id', '?')}: " + ".".join(str(p) for p in loc[2:])
            except (KeyError, IndexError, AttributeError):
                pass
        lines.append(f"  {where}: {err['msg']}")
    return "\n".join(lines)


def load_pack(path: str | Path) -> Pack:
    """Load one pack file; raises PackError naming the file and rule on any problem."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PackError(f"{path.name}: cannot read pack: {exc}") from None
    try:
        spec = PackSpec.model_validate(data)
    except ValidationError as exc:
        raise PackError(f"{path.name}: invalid pack\n{_error_lines(exc, data or {})}") from None
    known = schema_paths() | _EXTRA_PATHS
    seen: set[str] = set()
    rules, programmes = [], []
    for item in [*spec.rules, *spec.programmes]:
        where = f"{path.name} {item.id}"
        if item.id in seen:
            raise PackError(f"{where}: duplicate rule id")
        seen.add(item.id)
        try:
            if isinstance(item, RuleSpec):
                rules.append(_compile_rule(item, spec.name, where, known))
            else:
                programmes.append(_compile_programme(item, spec.name, where, known))
        except expr.ExprError as exc:
            raise PackError(f"{where}: {exc}") from None
    return Pack(spec.name, spec.version, spec.kind, spec.jurisdiction, spec.description, path,
                tuple(rules), tuple(programmes))


@lru_cache(maxsize=8)
def _load_dir(directory: str) -> tuple[Pack, ...]:
    return tuple(load_pack(p) for p in sorted(Path(directory).glob("*.yaml")))


def load_packs(directory: str | Path | None = None) -> list[Pack]:
    """Every pack in `directory` (default: the built-in rules/packs), loaded once and cached."""
    return list(_load_dir(str(directory or PACK_DIR)))


def find_rule(rule_id: str, packs: list[Pack] | None = None):
    """A rule or programme by id (case-insensitive), or None."""
    for pack in packs or load_packs():
        for item in pack.items:
            if item.id.lower() == rule_id.lower():
                return item
    return None
