"""The Ask tab's sources panel shows a version's state from its registry record, not from stale chunk copies."""
from __future__ import annotations

from app.web.ask_tab import answer_markdown, source_entry, sources_html
from app.web.render import md_lines
from kb.answer import ask
from kb.library import KnowledgeBase
from kb.retriever import Filters, Retriever
from tests.kb.conftest import PATENT_2008, PATENT_2020


def test_sources_of_a_superseded_version_say_superseded(tmp_path):
    kb = KnowledgeBase.open(tmp_path, "e5-engine")
    kb.add(PATENT_2008)
    kb.add(PATENT_2020)
    answer = ask(Retriever(kb), "外观设计专利权的期限", filters=Filters(as_of="2015-01-01"))
    html = sources_html(source_entry(answer))
    assert answer.citations[0].doc_id == PATENT_2008.doc_id
    assert 'data-status="superseded"' in html and "SUPERSEDED (in force 2009-10-01 → 2021-06-01)" in html
    # The chat message is the kb's own answer text, escaped, not a second assembly of it.
    assert answer_markdown(answer).startswith(md_lines(answer.answer))
