"""Versions of one instrument: same normalised title, ordered by date; a newer one ends the older."""
from __future__ import annotations

import re
from dataclasses import replace

from kb.store import DocumentRecord

_PREFIX = re.compile(r"^中华人民共和国")
# Only a bracket that names a version is dropped: "（2020年第四次修正）", "(试行)". A bracket that names
# a different instrument of a series, "解释（一）" vs "解释（二）", stays part of the name.
_VERSION_BRACKET = re.compile(r"[（(][^（）()]*(?:\d{4}|年|修正|修订|修改|试行|暂行)[^（）()]*[）)]")


def instrument_name(title: str) -> str:
    """`中华人民共和国专利法（2020年第四次修正）` -> `专利法`: the name shared by all versions."""
    name = _VERSION_BRACKET.sub("", _PREFIX.sub("", title.strip()))
    return re.sub(r"\s+", " ", name).strip().lower()


def _order_key(record: DocumentRecord) -> tuple[str, str, str]:
    return (record.effective_from or record.version, record.version, record.added_at)


def supersede(new: DocumentRecord, existing: list[DocumentRecord]) -> list[DocumentRecord]:
    """Records whose dates change because `new` joins their instrument, `new` included, oldest first.

    Each version ends where the next begins: its `effective_to` becomes the next one's
    `effective_from` (when known) and `superseded_by` names the next one.
    """
    same = [r for r in existing if instrument_name(r.title) == instrument_name(new.title)]
    if not same:
        return [new]
    chain = sorted([*same, new], key=_order_key)
    changed: list[DocumentRecord] = []
    for older, newer in zip(chain, chain[1:]):
        updated = replace(
            older,
            superseded_by=newer.doc_id,
            effective_to=older.effective_to or newer.effective_from,
        )
        if updated != older or older is new:
            changed.append(updated)
    if chain[-1] is new:
        changed.append(new)
    return changed
