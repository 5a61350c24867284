"""English captions: read with clear errors, attached only to the version they were written from, searched by English
questions, and never stored in or quoted as the law."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb import captions
from kb.answer import GIST_LABEL, ask
from kb.captions import CAPTION_LANGUAGES, CAPTIONS_DIR, caption_parts, read_caption_file
from kb.records import DocumentRecord, instrument_name
from kb.retriever import Retriever
from tests.kb.conftest import make_doc
from tests.shared import CORPUS, missing

_ARTICLE = re.compile(r"^#* *(第[一二三四五六七八九十百零]+条)", re.M)


def _file(tmp_path: Path, body: str, name: str = "x.tsv") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, message", [
    ("# title: 专利法\n第一条 no tab here\n", "line 2: a caption line is an article label, a tab, the caption"),
    ("# title: 专利法\n第一条\tPurpose.\t \n", "line 2: 第一条 has an empty question"),
    ("# title: 专利法\nArticle 1\tPurpose.\n", "line 2: 'Article 1' is not an article label"),
    ("# title: 专利法\n第一条\t \n", "line 2: 第一条 has no caption"),
    ("# title: 专利法\n第一条\tPurpose.\n第一条\tAgain.\n", "line 3: 第一条 is captioned twice"),
    ("第一条\tPurpose.\n", "no '# title:' line"),
])
def test_a_malformed_caption_file_names_its_file_line_and_fault(tmp_path, body, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        read_caption_file(_file(tmp_path, body, "专利法.tsv"))
    try:
        read_caption_file(_file(tmp_path, body, "专利法.tsv"))
    except ValueError as error:
        assert str(error).startswith("专利法.tsv")


def test_captions_attach_only_to_the_version_they_were_written_from(tmp_path, monkeypatch):
    _file(tmp_path, "# title: 中华人民共和国专利法（2020年第四次修正）\n# effective_from: 2021-06-01\n"
                    "第四十二条\tTerm of patent rights: invention patents last 20 years from filing.\n", "en/x.tsv")
    monkeypatch.setattr(captions, "CAPTIONS_DIR", tmp_path)
    captions.caption_book.cache_clear()
    try:
        current = DocumentRecord("a", "", "中华人民共和国专利法（2020年第四次修正）", effective_from="2021-06-01")
        older = DocumentRecord("b", "", "中华人民共和国专利法（2008年修正）", effective_from="2009-10-01")
        upload = DocumentRecord("c", "", "某市专利资助办法", effective_from="2021-06-01")
        assert captions.captions_of(current) == {"第四十二条": "Term of patent rights: invention patents last 20 "
                                                               "years from filing."}
        assert captions.captions_of(older) == {} and captions.captions_of(upload) == {}
    finally:
        captions.caption_book.cache_clear()


@pytest.mark.parametrize("language", CAPTION_LANGUAGES)
def test_every_shipped_caption_file_captions_each_article_of_its_source_once(language):
    files = sorted((CAPTIONS_DIR / language).glob("*.tsv"))
    assert files, f"no {language} caption files shipped"
    assert CORPUS.is_dir(), missing(CORPUS)   # the captions are checked against the law texts: fail, not skip
    titles = {}
    for source in CORPUS.glob("*.md"):
        match = re.search(r'^title:\s*"?(.*?)"?\s*$', source.read_text(encoding="utf-8"), re.M)
        if match:
            titles[instrument_name(match.group(1))] = source
    for path in files:
        file = read_caption_file(path)
        source = titles.get(file.instrument)
        assert source, f"{path.name}: no text in ../shared/corpus has the title it names"
        assert list(file.captions) == _ARTICLE.findall(source.read_text(encoding="utf-8")), path.name
        chinese = [bool(re.search(r"[\u4e00-\u9fff]", c)) for c in file.captions.values()]
        assert all(chinese) if language == "zh" else not any(chinese), f"{path.name}: not all written in {language}"
        # Each article's caption is followed by two questions it answers, in the same language.
        asked = [q for label in file.captions for q in file.questions.get(label, ())]
        assert len(asked) == 2 * len(file.captions), f"{path.name}: an article without its two questions"
        assert all(q.endswith(("?", "？")) and bool(re.search(r"[\u4e00-\u9fff]", q)) == (language == "zh")
                   for q in asked), path.name
    assert {p.name for p in files} == {p.name for p in (CAPTIONS_DIR / "en").glob("*.tsv")}, \
        "every captioned instrument has captions in each language"


def _patent_law_with_captions(tmp_path, monkeypatch, kb):
    """A two-article patent law, captioned, in a library that also holds English text (so it is mixed)."""
    _file(tmp_path, "# title: 中华人民共和国专利法（测试）\n# effective_from: 2020-01-01\n"
                    "第一条\tGeneral purpose of the law.\n"
                    "第二条\tCompulsory licence holders: they have no exclusive right and may not let any other "
                    "party exploit the patent (no sub-licensing).\t"
                    "A state-ordered licensee wants its subcontractor to make the product too. Is that allowed?\t"
                    "Can a compulsory licensee sub-license?\n", "en/x.tsv")
    _file(tmp_path, "# title: 中华人民共和国专利法（测试）\n# effective_from: 2020-01-01\n"
                    "第一条\t立法目的：保护专利权人，鼓励发明创造。\n"
                    "第二条\t强制许可不能转授权：拿到强制许可的单位或个人没有独占权，也不能再许可（转授权、分许可）给别人用这项专利。\n",
          "zh/x.tsv")
    monkeypatch.setattr(captions, "CAPTIONS_DIR", tmp_path)
    captions.caption_book.cache_clear()
    captions.captions_stamp.cache_clear()
    law = make_doc("中华人民共和国专利法（测试）", [
        "第一条 为了保护专利权人的合法权益，鼓励发明创造，制定本法。",
        "第二条 取得实施强制许可的单位或者个人不享有独占的实施权，并且无权允许他人实施。",
    ], effective_from="2020-01-01")
    note = make_doc("A note on something else", ["Section 1. Filing fees are paid to the office each year."],
                    jurisdiction="CN", doc_type="note")
    note.language = "en"
    kb.add(law)
    kb.add(note)
    return law


def test_an_english_question_reaches_a_chinese_article_through_its_caption(tmp_path, monkeypatch, kb):
    law = _patent_law_with_captions(tmp_path / "captions", monkeypatch, kb)
    try:
        question = "Our obligor pays under a compulsory licence. Can it sub-license the patent to a manufacturer?"
        index = kb.captions()
        by_words, by_meaning = index.search(question, kb.query_vector(question), 5, set(kb.documents()))
        by_words = [row for row, _ in by_words]
        assert [r.article for r in by_words][:1] == ["第二条"] and by_meaning
        # The article is quoted in its own words; the caption stands under it only as the editors' gist, so labelled.
        answer = ask(Retriever(kb), question)
        first = answer.citations[0]
        assert (first.doc_id, first.article) == (law.doc_id, "第二条") and "无权允许他人实施" in first.quote
        assert f"{GIST_LABEL}: Compulsory licence holders" in answer.answer
        assert first.to_json()["gist"].startswith("Compulsory licence holders")
        assert not any("sub-licens" in p.text for p in kb.chunks_of(law.doc_id))   # never stored as the law
        # A Chinese answer shows no English gist.
        chinese = ask(Retriever(kb), "强制许可的被许可人可以允许他人实施吗？")
        assert chinese.found and GIST_LABEL not in chinese.answer
    finally:
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()


def test_an_english_question_meets_an_article_through_the_questions_it_answers_which_are_never_shown(tmp_path,
                                                                                                    monkeypatch, kb):
    law = _patent_law_with_captions(tmp_path / "captions", monkeypatch, kb)
    try:
        question = "Our state-ordered licensee plans to have a subcontractor produce the goods. Allowed?"
        index = kb.captions()
        assert index.rows[1].questions[0].startswith("A state-ordered licensee")
        by_words, by_meaning = index.search(question, kb.query_vector(question), 5, set(kb.documents()))
        # "state-ordered" and "subcontractor" are in no caption and no article: only the written question has them.
        assert [row.article for row, _ in by_words] == ["第二条"] and by_meaning[0][0].article == "第二条"
        answer = ask(Retriever(kb), question)
        assert (answer.citations[0].doc_id, answer.citations[0].article) == (law.doc_id, "第二条")
        shown = answer.answer + json.dumps(answer.to_json(), ensure_ascii=False)
        assert "wants its subcontractor" not in shown and "Can a compulsory licensee sub-license" not in shown
    finally:
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()


def test_the_chinese_captions_index_their_articles_apart_and_are_never_shown(tmp_path, monkeypatch, kb):
    # The search reads them only with a Chinese caption weight above 0 (Retriever.BY_LANGUAGE; off for now).
    law = _patent_law_with_captions(tmp_path / "captions", monkeypatch, kb)
    try:
        question = "拿到强制许可的工厂，能不能把专利转授权给别的厂家用？"
        by_words, _ = kb.captions("zh").search(question, kb.query_vector(question), 5, set(kb.documents()))
        assert [row.article for row, _ in by_words][:1] == ["第二条"]
        assert [row.article for row in kb.captions("en").rows] == ["第一条", "第二条"]   # each language its own index
        answer = ask(Retriever(kb), question)
        first = answer.citations[0]
        assert (first.doc_id, first.article) == (law.doc_id, "第二条")
        # The Chinese caption only helps the search: shown nowhere. (The JSON keeps the English gist as its own field.)
        assert "分许可" not in json.dumps(answer.to_json(), ensure_ascii=False)
        assert "Compulsory licence holders" not in answer.answer and GIST_LABEL not in answer.answer
    finally:
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()


def test_a_chinese_caption_is_embedded_clause_by_clause_like_an_english_one():
    assert caption_parts("先履行抗辩权：甲；乙；丙") == ["先履行抗辩权：甲；乙；丙", "先履行抗辩权：甲", "先履行抗辩权：乙", "先履行抗辩权：丙"]
    assert caption_parts("预期违约：甲；乙") == ["预期违约：甲；乙"]   # two clauses: the whole only
    assert caption_parts("Exceptions: a; b; c")[1:] == ["Exceptions: a", "Exceptions: b", "Exceptions: c"]


def test_the_caption_index_is_made_once_and_only_again_when_captioned_documents_change(tmp_path, monkeypatch, new_kb):
    kb = new_kb(tmp_path / "data")
    _patent_law_with_captions(tmp_path / "captions", monkeypatch, kb)
    older_layout = kb.caption_root / "0123456789abcdef"   # an index saved before captions had a folder per language
    older_layout.mkdir(parents=True)
    try:
        first = kb.captions()
        assert not older_layout.exists()
        assert [row.article for row in first.rows] == ["第一条", "第二条"]
        kb.add(make_doc("某市知识产权质押融资补贴办法", ["第一条 对知识产权质押融资给予贴息。"]))   # nothing to caption
        assert kb.captions() is first
        # Another process on the same data reads the saved index: it embeds nothing.
        other = new_kb(tmp_path / "data")
        monkeypatch.setattr(other.embeddings, "embed_documents", lambda texts: pytest.fail("embedded again"))
        assert [row.caption for row in other.captions().rows] == [row.caption for row in first.rows]
        # Nor when another language's captions change: each index is stamped with its own language's files.
        zh = tmp_path / "captions" / "zh" / "x.tsv"
        zh.write_text(zh.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()
        third = new_kb(tmp_path / "data")
        monkeypatch.setattr(third.embeddings, "embed_documents", lambda texts: pytest.fail("embedded again"))
        assert len(third.captions("en").rows) == 2
    finally:
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()
