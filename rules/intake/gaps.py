"""Per IP right, the facts the checks read that intake found in no document read: what to ask the originator for."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rules import expr
from rules.deal import Deal
from rules.derived import COPYRIGHT_TYPES, PATENT_TYPES, as_of_date, build_facts
from rules.explain import trace_rule
from rules.packs import load_packs

# What to ask for, in the order an arranger would (what an IP list states first), and the per-right
# fields each answers. A field the rules read that is not here is asked for by its own name.
ASKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("owner (专利权人/权利人)", ("register_owner",)),
    ("kind (类型：发明/实用新型/外观设计…)", ("ip_type", "is_patent")),
    ("filing date (申请日), which sets the expiry", ("filing_date",)),
    ("grant or registration date (授权公告日/注册日)", ("grant_date",)),
    ("first publication date or the author's death year (首次发表日/作者死亡年份)",
     ("first_publication_date", "copyright_author_death_year", "is_legal_person_work")),
    ("which claims it backs and when they fall due (对应的基础资产)", ("linked_last_due", "linked_claims")),
    ("pledge registration number (质押登记号)", ("pledge_reg_no",)),
    ("pledge registration and application dates (质押登记日、受理日)", ("pledge_reg_date", "pledge_application_date")),
    ("pledgee (质权人)", ("pledgee",)),
    ("pledge contract: written terms, no forfeiture clause (质押合同)", ("pledge_contract_written", "forfeiture_clause")),
    ("licence: licensed or not, type, effective and record dates (许可及备案)",
     ("licensed", "license_type", "license_effective_date", "license_recorded_date")),
    ("pledgor or licensor (出质人/许可人)", ("pledgor_or_licensor",)),
    ("co-owners and their written consent (共有人及其同意)", ("co_owners", "all_co_owner_consent")),
    ("an earlier pledge and that pledgee's consent (在先质押)", ("pledged_existing", "pledgee_consent")),
    ("legal status: in force, annual fee paid, invalidation, disputes, court freezes (法律状态)",
     ("invalidated_or_terminated", "annual_fee_paid", "invalidation_pending", "invalidation_consent_documented",
      "ownership_dispute", "court_preservation")),
    ("transfer of the right itself: registration, contract, export procedure (转让)",
     ("transferred", "transfer_reg_date", "transfer_written_contract", "transferee_foreign", "export_procedure_done")),
    ("valuation (评估)", ("valuation",)),
    ("foreign party and patent agency (境外当事人、专利代理机构)", ("foreign_party", "filed_via_agency")),
    ("same-day invention and utility filing (同日申请)", ("same_day_double_filing",)),
    ("granted patent-term adjustment (专利期限补偿)", ("pta_days",)),
    ("trademark renewals (续展)", ("renewals",)),
)
_ASK_OF = {name: words for words, names in ASKS for name in names}
_IP_FIELD = re.compile(r"^pool\.ip\[(\d+)\]\.([a-z_]+)")


@dataclass(frozen=True)
class RightGaps:
    """One IP right: how the report names it, and what to ask for, in ASKS order."""

    label: str
    asks: tuple[str, ...]


def find_gaps(deal: dict[str, Any]) -> list[RightGaps]:
    """For each right in the draft, the facts that leave a check of the deal's model undecided. The
    checker's own evaluation decides: a fact is listed only when a rule in scope needs it to pass or fail."""
    rights = (deal.get("pool") or {}).get("ip") or []
    if not rights:
        return []
    model = Deal.model_validate(deal)
    day = as_of_date(model)
    facts = build_facts(model, day)
    kind, venue = (model.deal.model, model.deal.venue) if model.deal else (None, None)
    missing: dict[int, set[str]] = {}
    for pack in load_packs():
        for rule in pack.rules_in_scope(day, kind, venue):
            guard, value, trace = trace_rule(rule, facts)
            if guard is False or value is True:
                continue
            for path in trace.missing:
                if (hit := _IP_FIELD.match(path)):
                    missing.setdefault(int(hit.group(1)), set()).add(hit.group(2))
            if value is False:
                for at, right in enumerate(rights):
                    missing.setdefault(at, set()).update(_absent_fields(rule, right))
    return [RightGaps(_label(right, at), _asks(right, missing[at])) for at, right in enumerate(rights) if missing.get(at)]


def _absent_fields(rule, right: dict) -> set[str]:
    """The right's fields a failing rule reads that the draft does not hold. A rule may read an absent field as
    a fact ('no pledge registration number: unregistered', CN-P-01a); in a draft, absent means not found."""
    read = {path.split("[].", 1)[1].split(".")[0] for path in expr.field_paths(rule.condition.tree)
            if path.startswith("pool.ip[].")}
    return {name for name in read if right.get(name) is None} - {"reg_no", "expiry_date"}


def _asks(right: dict, fields: set[str]) -> tuple[str, ...]:
    if "expiry_date" in fields:   # derived: from the filing date (patents), registration (trademarks), publication
        kind = right.get("ip_type")
        fields = (fields - {"expiry_date"}) | (
            {"filing_date"} if kind in PATENT_TYPES else {"grant_date"} if kind == "trademark"
            else {"first_publication_date"} if kind in COPYRIGHT_TYPES else {"ip_type"})
    words = {_ASK_OF.get(name, name) for name in fields}
    order = [w for w, _ in ASKS]
    return tuple(sorted(words, key=lambda w: order.index(w) if w in order else len(order)))


def _label(right: dict, at: int) -> str:
    name = right.get("reg_no") or (f"“{right['title']}”" if right.get("title") else f"right {at + 1}")
    return f"pool.ip[{at}] {name}"


def grouped(gaps: list[RightGaps], rights: int) -> tuple[tuple[str, ...], list[RightGaps]]:
    """(what every one of several rights lacks, each right with only what it lacks besides): a short list
    per right makes the one patent that lacks its filing date stand out."""
    if rights < 2 or len(gaps) < rights:
        return (), gaps
    shared = tuple(ask for ask in gaps[0].asks if all(ask in g.asks for g in gaps))
    own = [RightGaps(g.label, tuple(a for a in g.asks if a not in shared)) for g in gaps]
    return shared, [g for g in own if g.asks]
