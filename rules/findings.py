"""Findings, subsidy results and the report they make up (the stable JSON shape lives here)."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

# The allowed values, defined once (import them; do not spell the strings elsewhere in rules/).
Status = Literal["fail", "warn", "not_evaluable", "pass"]           # a finding, worst first
Expectation = Literal[Status, "not_applicable"]                      # what a rule's test case expects
Severity = Literal["blocking", "warning", "info"]
# What a finding rests on, firmest first (RULEBOOK §0, §14; rules.footing decides): a legal text verified
# and held in the library, market practice (no law), or an unverified basis (E/R, an article or version
# the library does not hold, an analogy).
Footing = Literal["law", "practice", "unverified"]
# `blocked_unverified`: blocking rules fail, but none on a verified legal text, so the law is not shown
# to forbid the deal (RULEBOOK §0: an unverified rule is to be checked before it blocks).
Verdict = Literal["blocked", "blocked_unverified", "conditional", "clear"]
STATUSES: tuple[str, ...] = get_args(Status)
EXPECTATIONS: tuple[str, ...] = get_args(Expectation)
SEVERITIES: tuple[str, ...] = get_args(Severity)
FOOTINGS: tuple[str, ...] = get_args(Footing)
VERDICTS: tuple[str, ...] = get_args(Verdict)
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


def json_safe(value: Any) -> Any:
    """Dates become ISO strings; containers are converted recursively."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


@dataclass
class Finding:
    rule_id: str
    status: Status
    severity: Severity
    title: str
    explanation: str
    basis: list[dict]
    remediation: str
    facts: dict[str, Any] = field(default_factory=dict)
    pack: str = ""
    title_zh: str = ""
    missing: list[str] = field(default_factory=list)
    footing: Footing = "law"

    def to_dict(self) -> dict:
        return {"rule_id": self.rule_id, "status": self.status, "severity": self.severity,
                "title": self.title, "title_zh": self.title_zh, "pack": self.pack,
                "explanation": self.explanation, "basis": [dict(b) for b in self.basis],
                "remediation": self.remediation, "facts": json_safe(self.facts),
                "missing": list(self.missing), "footing": self.footing}


@dataclass
class SubsidyResult:
    programme: str
    eligible: bool | None  # None = cannot be decided from the facts given
    reasons: list[str]
    estimated_amount: float | None
    currency: str
    source: str
    title: str = ""
    as_of: str = ""
    source_kind: str = "official"   # or "repost" (rules.labels.SourceKind)

    def to_dict(self) -> dict:
        return json_safe(asdict(self))


@dataclass
class Report:
    """A compliance report.

    JSON shape (stable; `to_dict()`)::

        {"deal_id": str, "deal_name": str|null, "as_of": "YYYY-MM-DD",
         "packs": [{"name": str, "version": str}],
         "verdict": "blocked" | "blocked_unverified" | "conditional" | "clear",
         "summary": {"fail": int, "warn": int, "not_evaluable": int, "pass": int},
         "findings": [{"rule_id", "status": "pass|fail|warn|not_evaluable",
                       "severity": "blocking|warning|info", "title", "title_zh", "pack",
                       "explanation", "basis": [{"instrument", "article", "verification",
                                                 "governing_on"?: "YYYY-MM-DD", "governs"?: str,
                                                 "analogy"?: true}],
                       "remediation", "facts": {field path: value}, "missing": [field path],
                       "footing": "law" | "practice" | "unverified"}],
         "not_applicable": [rule_id],
         "subsidies": [{"programme", "title", "eligible": true|false|null, "reasons": [str],
                        "estimated_amount": float|null, "currency", "source", "as_of",
                        "source_kind": "official" | "repost"}]}

    Findings are sorted failures first (fail, warn, not_evaluable, pass), then by severity and id.
    A basis with `governing_on` is cited in the version in force on that date (the law that governs the
    right it concerns, `governs` says which and why), not the deal date's; `analogy`: none of the rule's
    bases concerns the rights the finding is about, so all are cited, by analogy (rules.cited).
    Verdict: `blocked` if a rule failed (only blocking rules fail) on a verified legal text;
    `blocked_unverified` if rules failed, each on market practice or an unverified basis only;
    `conditional` if a warning rule warned or a blocking/warning rule could not be evaluated; else `clear`.
    """
    deal_id: str
    as_of: dt.date
    packs: list[dict]
    findings: list[Finding]
    subsidies: list[SubsidyResult]
    not_applicable: list[str] = field(default_factory=list)
    deal_name: str | None = None
    verdict: Verdict | None = None   # decided by the engine's verdict rules; None: by verdict_of

    def __post_init__(self) -> None:
        if self.verdict is None:
            self.verdict = verdict_of(self.findings)

    @property
    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUS_ORDER}
        for f in self.findings:
            counts[f.status] += 1
        return counts

    def finding(self, rule_id: str) -> Finding | None:
        return next((f for f in self.findings if f.rule_id == rule_id), None)

    def to_dict(self) -> dict:
        return {
            "deal_id": self.deal_id,
            "deal_name": self.deal_name,
            "as_of": self.as_of.isoformat(),
            "packs": self.packs,
            "verdict": self.verdict,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
            "not_applicable": list(self.not_applicable),
            "subsidies": [s.to_dict() for s in self.subsidies],
        }


def verdict_of(findings: list[Finding]) -> Verdict:
    """The verdict in Python (the engine's verdict rules must agree; the differential test
    checks they do)."""
    failed = [f for f in findings if f.status == "fail"]
    if any(f.footing == "law" for f in failed):
        return "blocked"
    if failed:
        return "blocked_unverified"
    if any((f.status == "warn" and f.severity == "warning")
           or (f.status == "not_evaluable" and f.severity != "info") for f in findings):
        return "conditional"
    return "clear"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (STATUS_ORDER[f.status], SEVERITY_ORDER[f.severity], f.rule_id))
