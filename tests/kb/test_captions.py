"""English captions: read with clear errors, attached only to the version they were written from, searched by English
questions, and never stored in or quoted as the law."""
from __future__ import annotations

import json
import re
from dataclasses import replace
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
    return _stored_with_captions(kb, tmp_path, monkeypatch, make_doc("中华人民共和国专利法（测试）", [
        "第一条 为了保护专利权人的合法权益，鼓励发明创造，制定本法。",
        "第二条 取得实施强制许可的单位或者个人不享有独占的实施权，并且无权允许他人实施。",
    ], effective_from="2020-01-01"))


def _stored_with_captions(kb, captions_dir: Path, monkeypatch, law):
    """`law` stored, its captions read from `captions_dir`, in a library that also holds English text (so mixed)."""
    monkeypatch.setattr(captions, "CAPTIONS_DIR", captions_dir)
    captions.caption_book.cache_clear()
    captions.captions_stamp.cache_clear()
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
    # The search reads them with a Chinese caption weight above 0 (Retriever.BY_LANGUAGE).
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


def test_caption_vectors_are_embedded_once_per_model_for_every_library_sharing_it(tmp_path, monkeypatch, new_kb):
    kb = new_kb(tmp_path / "first")
    _patent_law_with_captions(tmp_path / "captions", monkeypatch, kb)
    try:
        first = kb.captions()
        # A new library whose models folder is the first's (as `make run`'s and the bench's are) embeds no caption.
        second_dir = tmp_path / "second"
        second_dir.mkdir()
        (second_dir / "models").symlink_to(tmp_path / "first" / "models", target_is_directory=True)
        second = new_kb(second_dir)
        _patent_law_with_captions(tmp_path / "captions", monkeypatch, second)
        embedded: list[str] = []
        real = second.embeddings.embed_documents
        monkeypatch.setattr(second.embeddings, "embed_documents", lambda texts: embedded.extend(texts) or real(texts))
        assert [row.caption for row in second.captions().rows] == [row.caption for row in first.rows]
        assert embedded == []
        assert (second.captions().vectors == first.vectors).all()
        # An edited caption is the only text embedded again.
        en = tmp_path / "captions" / "en" / "x.tsv"
        en.write_text(en.read_text(encoding="utf-8").replace("General purpose of the law.", "Why the law exists."),
                      encoding="utf-8")
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()
        third = new_kb(second_dir)
        monkeypatch.setattr(third.embeddings, "embed_documents", lambda texts: embedded.extend(texts) or real(texts))
        assert third.captions().rows[0].caption == "Why the law exists."
        assert embedded == ["Why the law exists."]
    finally:
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()


def _contract_code_with_captions(tmp_path, monkeypatch, kb):
    """Articles on assignment (通则) and on factoring (典型合同), captioned in Chinese, and a few others."""
    title = "中华人民共和国民法典（测试）"
    articles = [
        ("第一分编 通则 > 第六章 合同的变更和转让", "第五百四十五条 债权人可以将债权的全部或者部分转让给第三人，但是依照法律规定不得转让的除外。"),
        ("第一分编 通则 > 第六章 合同的变更和转让", "第五百四十六条 债权人转让债权，未通知债务人的，该转让对债务人不发生效力。"),
        ("第二分编 典型合同 > 第十六章 保理合同", "第七百六十四条 保理人向应收账款债务人发出应收账款转让通知的，应当表明保理人身份并附有必要凭证。"),
        ("第二分编 典型合同 > 第九章 买卖合同", "第五百九十五条 买卖合同是出卖人转移标的物的所有权于买受人，买受人支付价款的合同。"),
        ("第二分编 典型合同 > 第十二章 借款合同", "第六百六十七条 借款合同是借款人向贷款人借款，到期返还借款并支付利息的合同。"),
        ("第一分编 通则 > 第四章 合同的履行", "第五百零九条 当事人应当按照约定全面履行自己的义务。"),
        ("第一分编 通则 > 第八章 违约责任", "第五百七十七条 当事人一方不履行合同义务的，应当承担违约责任。"),
        ("第一分编 通则 > 第二章 合同的订立", "第四百六十九条 当事人订立合同，可以采用书面形式、口头形式或者其他形式。"),
    ]
    doc = make_doc(title, [text for _, text in articles])
    doc.chunks = [replace(chunk, path=f"{path} > {chunk.article}") for chunk, (path, _) in zip(doc.chunks, articles)]
    _file(tmp_path, f"# title: {title}\n" + "".join(f"{label}\tCaption.\n" for label in (
        "第五百四十五条", "第五百四十六条", "第七百六十四条", "第五百九十五条", "第六百六十七条", "第五百零九条", "第五百七十七条",
        "第四百六十九条")), "en/x.tsv")
    _file(tmp_path, f"# title: {title}\n"
                    "第五百四十五条\t债权转让：债权人可以把债权转让给第三人。\t原始权益人把专利许可费应收账款转让给专项计划，可以吗？\t债权能转让吗？\n"
                    "第五百四十六条\t债权转让通知：没通知债务人的，转让对债务人不生效。\t卖了应收账款没告诉付款方，付款方还向原债权人付款算数吗？\t"
                    "不通知债务人有什么后果？\n"
                    "第七百六十四条\t保理人发转让通知：要表明保理人身份、附必要凭证。\t保理公司给应收账款债务人发转让通知，要附什么？\t"
                    "应收账款转让通知由保理人发出时有什么要求？\n"
                    "第五百九十五条\t买卖合同的定义。\t买东西的合同是什么？\t什么是买卖合同？\n"
                    "第六百六十七条\t借款合同的定义。\t借钱的合同是什么？\t什么是借款合同？\n"
                    "第五百零九条\t全面履行原则。\t签了合同要怎么履行？\t履行合同的原则是什么？\n"
                    "第五百七十七条\t违约责任。\t对方不履行合同怎么办？\t违约要承担什么责任？\n"
                    "第四百六十九条\t合同的形式。\t口头合同算数吗？\t合同可以采用哪些形式？\n", "zh/x.tsv")
    return _stored_with_captions(kb, tmp_path, monkeypatch, doc)


def test_a_chinese_questions_captions_keep_to_the_point_it_asks_and_out_of_contracts_it_does_not_name(
        tmp_path, monkeypatch, kb):
    _contract_code_with_captions(tmp_path / "captions", monkeypatch, kb)
    try:
        question = "原始权益人把专利许可费应收账款转让给专项计划，需要通知被许可人吗？"
        index = kb.captions("zh")
        by_words, _ = index.search(question, kb.query_vector(question), 8, set(kb.documents()))
        assert by_words[0][0].article == "第五百四十五条"   # the deal's words alone lead with the assignment itself
        # 通知 is the point asked, and the question names no factoring. (Of 8 captions, a word in 2 is rare at 0.3; in
        # the shipped 2,592, 通知 is in 5.6 % of them, 需要 in 13 %.)
        monkeypatch.setattr(Retriever, "ASKED_WORD_SHARE", 0.3)
        assert index.saying({"需要", "通知"}, Retriever.ASKED_WORD_SHARE) == {
            (row.doc_id, row.article) for row in index.rows if row.article in ("第五百四十六条", "第七百六十四条")}
        kept = Retriever(kb)._on_the_point(question, index, [by_words])[0]
        assert [row.article for row, _ in kept] == ["第五百四十六条"]
        # (In the shipped library the answer then quotes 第五百四十六条 first: tests/kb/test_corpus.py.) Named, the factoring contract's own article is on the point.
        factoring = "保理人向债务人发应收账款转让通知，需要附什么材料吗？"
        assert "第七百六十四条" in [row.article for row, _ in Retriever(kb)._on_the_point(
            factoring, index, [index.search(factoring, kb.query_vector(factoring), 8, set(kb.documents()))[0]])[0]]
    finally:
        captions.caption_book.cache_clear()
        captions.captions_stamp.cache_clear()
