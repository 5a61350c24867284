"""Which documents a search may see: jurisdiction, document types, ids, and the version in force on a date."""
from __future__ import annotations

from dataclasses import dataclass, field

from kb.records import DocumentRecord, today


@dataclass
class Filters:
    jurisdiction: str = ""      # "CN" also matches local ones such as "CN-GD"
    doc_type: str = ""
    as_of: str = ""             # ISO date; empty = today
    doc_ids: set[str] = field(default_factory=set)
    # The document types the caller may read (its role's allow-list); empty = every type.
    doc_types: frozenset[str] = frozenset()
    any_date: bool = False      # every stored version, whatever its dates (the nearest-version search)

    def allows_kind(self, record: DocumentRecord) -> bool:
        """Everything but the date: what never changes once a document is stored."""
        if self.jurisdiction and not jurisdiction_matches(self.jurisdiction, record.jurisdiction):
            return False
        if self.doc_type and record.doc_type != self.doc_type:
            return False
        if self.doc_types and record.doc_type not in self.doc_types:
            return False
        return not self.doc_ids or record.doc_id in self.doc_ids

    def allows(self, record: DocumentRecord, on: str = "") -> bool:
        """`on`: today's date when the caller checks many records (asking the clock per record adds up)."""
        return self.allows_kind(record) and (self.any_date or record.in_force(self.as_of or on or today()))

    def key(self, on: str) -> tuple:
        """What decides `allows` on day `on`, hashable (a cache key)."""
        return (self.jurisdiction, self.doc_type, self.as_of or on, frozenset(self.doc_ids), self.doc_types,
                self.any_date)

    def where(self, records: dict[str, DocumentRecord]) -> dict | None:
        """The same filters (dates aside) as a Chroma `where` on the chunks' never-changing fields."""
        clauses = []
        if self.jurisdiction:
            stored = sorted({r.jurisdiction for r in records.values() if jurisdiction_matches(self.jurisdiction, r.jurisdiction)})
            clauses.append({"jurisdiction": {"$in": stored or [self.jurisdiction]}})
        if self.doc_type:
            clauses.append({"doc_type": self.doc_type})
        if self.doc_types:
            clauses.append({"doc_type": {"$in": sorted(self.doc_types)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def jurisdiction_matches(wanted: str, actual: str) -> bool:
    wanted, actual = wanted.upper(), actual.upper()
    return actual == wanted or actual.startswith(wanted + "-")
