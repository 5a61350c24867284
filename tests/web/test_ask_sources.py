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


def test_a_limit_no_passage_states_shows_related_passages_unmarked(tmp_path):
    # 专利法第四十三条 says annual fees are due, not how much: not found, with the reason and the article
    # listed as related (so the reader can check), never as a cited or highlighted answer.
    kb = KnowledgeBase.open(tmp_path, "e5-engine")
    kb.add(PATENT_2020)
    answer = ask(Retriever(kb), "专利年费的最高金额是多少？")
    html = sources_html(source_entry(answer))
    assert not answer.found and answer.related
    assert "Not found" in html and answer.notices[0] in html
    assert "related, does not answer" in html and "第四十三条" in html and "<mark>" not in html


def test_a_source_that_calls_itself_superseded_without_a_date_is_flagged_in_the_sources(tmp_path):
    # With no end date its dates read "in force": the sources and the JSON must show what the source says.
    from dataclasses import replace

    kb = KnowledgeBase.open(tmp_path, "e5-engine")
    kb.add(replace(PATENT_2020, source_status="SUPERSEDED (older version) — replaced by a later text not stored here"))
    answer = ask(Retriever(kb), "外观设计专利权的期限是多少年？")
    data = answer.to_json()["citations"][0]
    assert data["status"] == "in_force" and data["doubted_by_source"] and data["source_status"].startswith("SUPERSEDED")
    html = sources_html(source_entry(answer))
    assert "its source says it may be superseded" in html and "its source says: SUPERSEDED (older version)" in html


def test_a_source_holding_part_of_the_instrument_is_flagged_in_the_sources(tmp_path):
    from dataclasses import replace

    kb = KnowledgeBase.open(tmp_path, "e5-engine")
    kb.add(replace(PATENT_2020, source_completeness="EXCERPT — Arts 42 and 43 only; the other articles were not obtained"))
    answer = ask(Retriever(kb), "外观设计专利权的期限是多少年？")
    html = sources_html(source_entry(answer))
    assert "partial text of the instrument" in html and "partial text, its source says: EXCERPT — Arts 42 and 43" in html


def test_an_english_answer_shows_the_editors_gist_under_a_chinese_article_and_a_chinese_answer_does_not(tmp_path):
    # kb.captions: the gist is our English caption of the article, labelled as such, never its text.
    from app.web.render import esc, md
    from kb.answer import GIST_LABEL

    kb = KnowledgeBase.open(tmp_path, "e5-engine")
    kb.add(PATENT_2020)   # the title and date of the corpus's Patent Law, which kb/data/captions captions
    english = ask(Retriever(kb), "How long does a design patent last?")
    html = sources_html(source_entry(english))
    assert english.found and english.citations[0].article == "第四十二条"
    assert f'<div class="ipabs-gist ipabs-muted">{esc(GIST_LABEL)}: Patent term' in html
    # In the chat message too the gist is set apart from the quoted law above it: in italics.
    assert "*" + md(f"{GIST_LABEL}: Patent term") in answer_markdown(english)
    chinese = ask(Retriever(kb), "外观设计专利权的期限是多少年？")
    assert chinese.found and "ipabs-gist" not in sources_html(source_entry(chinese))
