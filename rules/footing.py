"""What a finding rests on: a verified legal text, market practice, or an unverified basis (RULEBOOK §0, §14).

A failed rule blocks the deal in law only when one of its bases is a legal text verified against the
official text (V) and, once the library is read, held there in the version that governs. Market practice
is no law ("practice is not an instrument", RULEBOOK §14); E and R tags, articles the library does not
hold and versions that do not govern are unverified: counsel must confirm them before the deal is
treated as non-compliant. So are articles cited only by analogy (none of a rule's bases concerns the
rights a finding is about, rules.cited).
"""
from __future__ import annotations

from rules.basis import BasisQuote
from rules.findings import FOOTINGS, Footing
from rules.labels import PRACTICE


def basis_footing(basis: dict, quote: BasisQuote | None = None) -> Footing:
    """One basis; `quote` is what the library gave for it (None: the library was not read)."""
    if basis.get("instrument") == PRACTICE:
        return "practice"
    if basis.get("verification") != "V" or basis.get("analogy"):
        return "unverified"
    if quote is not None and not (quote.found and quote.in_force_on_as_of):   # on the day it governs (app.basis)
        return "unverified"
    return "law"


def footing_of(bases: list[dict], quotes: list[BasisQuote | None] | None = None) -> Footing:
    """A finding rests on its firmest basis; a finding without one rests on nothing verified."""
    quotes = quotes or [None] * len(bases)
    found = [basis_footing(b, q) for b, q in zip(bases, quotes)]
    return min(found, key=FOOTINGS.index, default="unverified")
