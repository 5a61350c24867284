"""A compliance basis cited in the version that governs its right (rules.cited's `governing_on`) is read from the library
in that version, not in the one in force on the report's date: with the 2008 Patent Law stored, a design filed in 2014
is quoted its ten years, not the 2020 text's fifteen."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from app.basis import resolve_bases
from rules.basis import ReportContext
from tests.kb.conftest import PATENT_2008, PATENT_2020


def test_a_basis_governed_by_an_earlier_day_is_quoted_in_that_days_version(kb):
    kb.add(PATENT_2008)
    kb.add(PATENT_2020)
    governed = {"instrument": "专利法", "article": "第四十二条", "verification": "R", "governing_on": "2014-03-01"}
    today = {"instrument": "专利法", "article": "第四十二条", "verification": "V"}
    report = SimpleNamespace(findings=[SimpleNamespace(basis=[governed, today])], as_of=dt.date(2025, 3, 20))
    context = ReportContext(bases=resolve_bases(kb, report))
    assert context.quote(governed).doc_id == PATENT_2008.doc_id and "期限为十年" in context.quote(governed).text
    assert context.quote(today).doc_id == PATENT_2020.doc_id
