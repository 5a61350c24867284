"""Derived facts computed before rules run: IP expiry dates, shares, retention, term buffers."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rules.deal import Deal, obligor_groups
from rules.functions import add_years

PATENT_TYPES = ("invention", "utility", "design")
# The `derived.*` names rules may read (the pack loader checks rule paths against these).
DERIVED_FIELDS = ("min_ip_expiry", "ip_buffer_days", "max_claim_due", "top1_obligor_share",
                  "top5_obligor_share", "obligor_count", "claim_types", "retention_pct",
                  "tranche_total", "ip_count", "patent_count", "financing_closed",
                  # one entry per obligor, claims of one obligor added up (RULEBOOK §14)
                  "obligors", "obligors[].name", "obligors[].share", "obligors[].is_dishonest",
                  "obligors[].is_lgfv")
# Per-IP facts added to each pool.ip item: its last day of protection, and the latest due date of
# the claims that name it in `ip_reg_nos` (the loans it secures or the fees it generates).
IP_FIELDS = ("expiry_date", "is_patent", "linked_last_due", "linked_claims")
COPYRIGHT_TYPES = ("copyright", "software")

# 专利法 (2020) 第四十二条 raised design terms from 10 to 15 years from 2021-06-01; designs filed
# earlier keep the 10-year term of the 2008 text.
DESIGN_15Y_FROM = dt.date(2021, 6, 1)
_PATENT_YEARS = {"invention": 20, "utility": 10}


# The article whose current text states patent terms. A design filed before 2021-06-01 keeps the 10-year
# term of the Patent Law in force when it was filed (the transitional rule; RULEBOOK §1 tags it R: that
# earlier text is not in the corpus), so for such a design the 2020 text is no basis of its expiry.
PATENT_TERM_ARTICLE = ("专利法", "第四十二条")


def term_law_date(ip: dict) -> dt.date | None:
    """The date whose Patent Law sets this right's term when that is not the current text (a design filed
    before 2021-06-01: its filing date); None when the current 专利法 第四十二条 states it."""
    filed = ip.get("filing_date")
    if ip.get("ip_type") == "design" and isinstance(filed, dt.date) and filed < DESIGN_15Y_FROM:
        return filed
    return None


def patent_term_years(ip_type: str, filing_date: dt.date) -> int:
    if ip_type == "design":
        return 15 if filing_date >= DESIGN_15Y_FROM else 10
    return _PATENT_YEARS[ip_type]


def ip_expiry(ip: dict) -> dt.date | None:
    """Last day of protection, or None when the facts needed are missing.

    Patents run N years from the filing date, so the last day is the day before the N-th
    anniversary (CNIPA practice), plus any *granted* term adjustment (`pta_days`). Trademarks run
    10 years from registration, the same way, plus 10 years per approved renewal. Copyright
    economic rights end on 31 December: of the 50th year after the author's death (natural
    person) or after first publication (legal-person work, software of a legal person).
    """
    kind = ip.get("ip_type")
    if kind in PATENT_TYPES:
        filed = ip.get("filing_date")
        if filed is None:
            return None
        end = add_years(filed, patent_term_years(kind, filed)) - dt.timedelta(days=1)
        return end + dt.timedelta(days=ip.get("pta_days") or 0)
    if kind == "trademark":
        registered = ip.get("grant_date")
        if registered is None:
            return None
        return add_years(registered, 10 * (1 + (ip.get("renewals") or 0))) - dt.timedelta(days=1)
    if kind in COPYRIGHT_TYPES:
        if ip.get("is_legal_person_work"):
            published = ip.get("first_publication_date")
            return dt.date(published.year + 50, 12, 31) if published else None
        death = ip.get("copyright_author_death_year")
        return dt.date(death + 50, 12, 31) if death else None
    return None


def as_of_date(deal: Deal, as_of: dt.date | None = None) -> dt.date:
    """The date the rules are judged at: explicit, else the deal's own, else its issue or
    establishment date, else today."""
    if as_of:
        return as_of
    terms = deal.deal
    for candidate in (deal.as_of, terms and terms.issue_date, terms and terms.establishment_date):
        if candidate:
            return candidate
    return dt.date.today()


def _flag_any(values: list) -> bool | None:
    """True if any value is true, False if all are false, None (unknown) otherwise."""
    if any(v is True for v in values):
        return True
    return False if values and all(v is False for v in values) else None


def obligors(claims: list[dict]) -> list[dict] | None:
    """One entry per obligor, largest share of the pool's future cash flow first (RULEBOOK §14:
    concentration is per obligor). A claim's amount is its future cash flow, so where every claim has
    one the obligor's amounts are added up and divided by the pool total; otherwise its stated
    `obligor_share_future_cf` counts (stated once per obligor, not added up over its claims). A deal
    whose stated shares disagree with its amounts, or state two shares for one obligor, is refused at
    load (rules.deal), so the two never compete here. A share that cannot be computed is None."""
    if not claims:
        return None
    amounts = [c.get("amount") for c in claims]
    total = sum(amounts) if all(a is not None for a in amounts) else None
    out = []
    for name, positions in obligor_groups([c.get("obligor") for c in claims]):
        own = [claims[i] for i in positions]
        stated = [c["obligor_share_future_cf"] for c in own if c.get("obligor_share_future_cf") is not None]
        share = sum(c["amount"] for c in own) / total if total else (stated[0] if stated else None)
        out.append({"name": name or f"#{positions[0] + 1}", "share": share,
                    "is_dishonest": _flag_any([c.get("obligor_is_dishonest") for c in own]),
                    "is_lgfv": _flag_any([c.get("obligor_is_lgfv") for c in own])})
    return sorted(out, key=lambda o: -1 if o["share"] is None else -o["share"])


def _obligor_shares(claims: list[dict]) -> list[float] | None:
    """Each obligor's share, largest first; None when any share is unknown."""
    found = obligors(claims)
    if not found or any(o["share"] is None for o in found):
        return None
    return [o["share"] for o in found]


def _link_claims(ips: list[dict], claims: list[dict]) -> None:
    """Give each IP right the ids and latest due date of the claims that name it (`ip_reg_nos`).
    `linked_last_due` is None when no claim names the right or a naming claim has no due date."""
    for ip in ips:
        reg_no = ip.get("reg_no")
        linked = [c for c in claims if reg_no and reg_no in (c.get("ip_reg_nos") or [])]
        dues = [c.get("last_due_date") for c in linked]
        ip["linked_claims"] = [c.get("id") or c.get("obligor") or "?" for c in linked] if linked else None
        ip["linked_last_due"] = max(dues) if linked and all(dues) else None


def _retention_pct(facts: dict) -> float | None:
    stated = (facts.get("risk_retention") or {}).get("pct_of_issue")
    if stated is not None:
        return stated
    terms = facts.get("deal") or {}
    tranches, size = terms.get("tranches") or [], terms.get("issue_size")
    held = [t["size"] for t in tranches if t.get("holder") in ("originator", "affiliate") and t.get("size") is not None]
    return sum(held) / size if held and size else None


def build_facts(deal: Deal, as_of: dt.date) -> dict[str, Any]:
    """The nested dict rules read: the deal's fields, `as_of`, per-IP `expiry_date`, and `derived`."""
    facts = deal.model_dump(mode="python")
    facts["as_of"] = as_of
    pool = facts.get("pool") or {}
    ips = pool.get("ip") or []
    for ip in ips:
        ip["expiry_date"] = ip_expiry(ip)
        ip["is_patent"] = ip.get("ip_type") in PATENT_TYPES if ip.get("ip_type") else None
    claims = pool.get("claims") or []
    _link_claims(ips, claims)
    terms = facts.get("deal") or {}
    expiries = [ip["expiry_date"] for ip in ips]
    shares = _obligor_shares(claims)
    min_expiry = min(expiries) if ips and all(expiries) else None
    lfm = terms.get("legal_final_maturity")
    dues = [c.get("last_due_date") for c in claims]
    tranche_sizes = [t.get("size") for t in terms.get("tranches") or []]
    facts["derived"] = {
        "min_ip_expiry": min_expiry,
        "ip_buffer_days": (min_expiry - lfm).days if min_expiry and lfm else None,
        "max_claim_due": max(dues) if claims and all(dues) else None,
        "top1_obligor_share": shares[0] if shares else None,
        "top5_obligor_share": sum(shares[:5]) if shares else None,
        "obligor_count": len(shares) if shares else None,
        "claim_types": sorted({c["type"] for c in claims if c.get("type")}) if claims else None,
        "retention_pct": _retention_pct(facts),
        "tranche_total": sum(tranche_sizes) if tranche_sizes and all(s is not None for s in tranche_sizes) else None,
        "ip_count": len(ips) if pool.get("ip") is not None else None,
        "patent_count": sum(1 for ip in ips if ip.get("ip_type") in PATENT_TYPES) if pool.get("ip") is not None else None,
        # the day the financing closed: the plan's establishment, else its issue (subsidy periods)
        "financing_closed": terms.get("establishment_date") or terms.get("issue_date"),
        "obligors": obligors(claims),
    }
    return facts
