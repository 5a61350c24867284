"""Derived facts computed before rules run: IP expiry dates, shares, retention, term buffers."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from rules.deal import Deal

PATENT_TYPES = ("invention", "utility", "design")
# The `derived.*` names rules may read (the pack loader checks rule paths against these).
DERIVED_FIELDS = ("min_ip_expiry", "ip_buffer_days", "max_claim_due", "top1_obligor_share",
                  "top5_obligor_share", "obligor_count", "claim_types", "retention_pct",
                  "tranche_total", "ip_count", "patent_count")
# Per-IP facts added to each pool.ip item.
IP_FIELDS = ("expiry_date", "is_patent")
COPYRIGHT_TYPES = ("copyright", "software")

# 专利法 (2020) 第四十二条 raised design terms from 10 to 15 years from 2021-06-01; designs filed
# earlier keep the 10-year term of the 2008 text.
DESIGN_15Y_FROM = dt.date(2021, 6, 1)
_PATENT_YEARS = {"invention": 20, "utility": 10}


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # a 29 February start
        return day.replace(year=day.year + years, day=28)


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
        end = _add_years(filed, patent_term_years(kind, filed)) - dt.timedelta(days=1)
        return end + dt.timedelta(days=ip.get("pta_days") or 0)
    if kind == "trademark":
        registered = ip.get("grant_date")
        if registered is None:
            return None
        return _add_years(registered, 10 * (1 + (ip.get("renewals") or 0))) - dt.timedelta(days=1)
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


def _obligor_shares(claims: list[dict]) -> list[float] | None:
    """Each obligor's share of the pool's future cash flow, largest first.

    A stated `obligor_share_future_cf` is already the obligor's share (so it is not summed over
    that obligor's claims); otherwise shares come from claim amounts."""
    if not claims:
        return None
    names = [c.get("obligor") or f"#{i}" for i, c in enumerate(claims)]
    by_obligor: dict[str, float] = defaultdict(float)
    if all(c.get("obligor_share_future_cf") is not None for c in claims):
        for name, claim in zip(names, claims):
            by_obligor[name] = max(by_obligor[name], claim["obligor_share_future_cf"])
    elif all(c.get("amount") is not None for c in claims) and sum(c["amount"] for c in claims) > 0:
        total = sum(c["amount"] for c in claims)
        for name, claim in zip(names, claims):
            by_obligor[name] += claim["amount"] / total
    else:
        return None
    return sorted(by_obligor.values(), reverse=True)


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
    }
    return facts
