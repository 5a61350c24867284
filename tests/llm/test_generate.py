"""Generative answers with scripted model outputs (GenericFakeChatModel): what is shown, what is removed, fallbacks."""
from __future__ import annotations

import json

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from kb.generate import ChatModel, build_messages, parse_output
from kb.llm_answer import generate_answer, stream_answer
from kb.retriever import Retriever

pytestmark = pytest.mark.slow   # a real knowledge base and e5 for every test

QUESTION = "外观设计专利权的期限是多少年？"
GOOD = {"text": "外观设计专利权的期限为十五年，自申请日起计算[1]。", "citations": [1], "quote": "外观设计专利权的期限为十五年"}
GOOD_2 = {"text": "发明专利权的期限为二十年[1]。", "citations": [1], "quote": "发明专利权的期限为二十年"}
WRONG_NUMBER = {"text": "外观设计专利权的期限为十年[1]。", "citations": [1], "quote": "外观设计专利权的期限为十五年"}
WRONG_ARTICLE = {"text": "该期限规定在专利法第四十五条[1]。", "citations": [1], "quote": "外观设计专利权的期限为十五年"}
NEGATED = {"text": "外观设计专利权不得自申请日起计算期限[1]。", "citations": [1], "quote": "均自申请日起计算"}
INVENTED_QUOTE = {"text": "外观设计专利权的保护期为十五年[1]。", "citations": [1], "quote": "期限届满后可续展五年"}


def scripted(*outputs: str, model_id: str = "fake:scripted") -> ChatModel:
    return ChatModel(GenericFakeChatModel(messages=iter(AIMessage(o) for o in outputs)), model_id)


def as_json(*sentences: dict, answered: bool = True) -> str:
    return json.dumps({"answered": answered, "sentences": list(sentences)}, ensure_ascii=False)


@pytest.fixture
def retriever(law_kb):
    return Retriever(law_kb)


@pytest.fixture
def law_verifier(law_kb):
    from kb.verify import Verifier

    return Verifier(law_kb.embeddings)


def test_supported_sentences_are_shown_with_citations(retriever, law_verifier):
    result = generate_answer(scripted(as_json(GOOD, GOOD_2)), retriever, law_verifier, QUESTION)
    assert not result.fallback and result.output_form == "json"
    assert [s.status for s in result.sentences] == ["supported", "supported"]
    assert result.answer.startswith("生成回答 · 已逐句核对来源")
    assert "外观设计专利权的期限为十五年，自申请日起计算[1]" in result.answer
    data = result.to_json()
    assert data["mode"] == "generate" and data["model"] == "fake:scripted"
    assert set(data["sentences"][0]) >= {"text", "citations", "quote", "status", "reason"}
    assert data["citations"][0]["article"] == "第四十二条"   # [1] is the passage the extractive answer cites first


@pytest.mark.parametrize("bad", [WRONG_NUMBER, WRONG_ARTICLE, NEGATED, INVENTED_QUOTE],
                         ids=["wrong-number", "wrong-article", "negated-obligation", "invented-quote"])
def test_an_unsupported_sentence_is_removed_and_never_shown(retriever, law_verifier, bad):
    result = generate_answer(scripted(as_json(GOOD, GOOD_2, bad)), retriever, law_verifier, QUESTION)
    statuses = [s.status for s in result.sentences]
    assert statuses == ["supported", "supported", "removed"], result.sentences[-1].reason
    assert result.sentences[-1].reason
    assert bad["text"].rstrip("。[1]") not in result.answer
    assert "另有 1 句" in result.answer            # the reader is told something was removed


def test_a_sentence_not_in_the_questions_language_is_removed(retriever, law_verifier):
    # A newcomer's Chinese question got verified English sentences: supported or not, the answer is owed in Chinese.
    english = {"text": "A design patent lasts fifteen years from the filing date [1].", "citations": [1],
               "quote": "外观设计专利权的期限为十五年"}
    result = generate_answer(scripted(as_json(GOOD, GOOD_2, english)), retriever, law_verifier, QUESTION)
    assert [s.status for s in result.sentences] == ["supported", "supported", "removed"]
    assert result.sentences[-1].reason == "不是提问所用的语言" and "fifteen" not in result.answer


def test_too_little_left_falls_back_to_the_quotes_and_says_so(retriever, law_verifier):
    result = generate_answer(scripted(as_json(GOOD, WRONG_NUMBER, NEGATED)), retriever, law_verifier, QUESTION)
    assert result.fallback and "未通过来源核对" in result.notice
    assert result.answer.splitlines()[0] == result.notice
    assert result.answer.endswith(result.extractive.answer)
    assert "外观设计专利权的期限为十年" not in result.answer


def test_the_models_refusal_shows_the_quotes(retriever, law_verifier):
    result = generate_answer(scripted(as_json(answered=False)), retriever, law_verifier, QUESTION)
    assert result.fallback and "不能回答" in result.notice and result.extractive.answer in result.answer


def test_malformed_output_falls_back_with_one_line(retriever, law_verifier):
    result = generate_answer(scripted("   "), retriever, law_verifier, QUESTION)
    assert result.fallback and result.notice.count("\n") == 0 and "无法解析" in result.notice


def test_unreachable_server_falls_back_after_one_try(retriever, law_verifier):
    from langchain_openai import ChatOpenAI

    from tests.shared import free_port

    dead = ChatOpenAI(model="x", base_url=f"http://127.0.0.1:{free_port()}/v1", api_key="unused", max_retries=0, timeout=5)
    result = generate_answer(ChatModel(dead, "openai:x", json_mode=True), retriever, law_verifier, QUESTION)
    assert result.fallback and result.notice.startswith("语言模型调用失败（OpenAIConnectionError")
    assert "\n" not in result.notice and result.seconds < 2   # one refused connection, no retries
    assert result.answer.endswith(result.extractive.answer) and result.extractive.found


def test_not_found_question_never_calls_the_model(retriever, law_verifier):
    never = ChatModel(GenericFakeChatModel(messages=iter([])), "fake:never")   # a call would raise
    result = generate_answer(never, retriever, law_verifier, "How do I bake sourdough bread?")
    assert not result.extractive.found and result.answer.startswith("Not found") and result.raw_output == ""


def test_stream_yields_tokens_then_the_verified_answer(retriever, law_verifier):
    items = list(stream_answer(scripted(as_json(GOOD)), retriever, law_verifier, QUESTION))
    tokens, final = items[:-1], items[-1]
    assert len(tokens) > 3 and all(isinstance(t, str) for t in tokens)
    assert "".join(tokens) == final.raw_output and final.sentences[0].status == "supported"


def test_audit_record_keeps_what_a_reviewer_needs(retriever, law_verifier):
    raw = as_json(GOOD, GOOD_2, WRONG_NUMBER)
    record = generate_answer(scripted(raw), retriever, law_verifier, QUESTION).audit_record()
    assert record["model"] == "fake:scripted" and record["raw_output"] == raw
    assert record["passage_ids"] and all(":" in pid for pid in record["passage_ids"])
    assert [v["status"] for v in record["verification"]] == ["supported", "supported", "removed"]
    assert "number 10 year" in record["verification"][2]["reason"]


def test_plain_text_output_is_parsed_with_its_marks_and_quotes():
    parsed = parse_output("根据专利法，外观设计专利权的期限为十五年[1]。原文：“外观设计专利权的期限为十五年”[1]。")
    assert parsed.form == "text" and parsed.sentences[0].citations == [1]
    assert parsed.sentences[1].quote == "外观设计专利权的期限为十五年"
    fenced = parse_output('Here you go:\n```json\n{"sentences": [{"text": "Term is 15 years [1]", "citations": ["[1]"], "quote": "q"}]}\n```')
    assert fenced.form == "json" and fenced.sentences[0].citations == [1]
    declined = parse_output("The passages do not answer this question.")
    assert not declined.answered


def test_prompt_carries_the_conversation_and_numbered_passages():
    from kb.verify import Passage

    history = [{"role": "user", "content": "发明专利的期限？"}, {"role": "assistant", "content": "二十年[1]。"}]
    messages = build_messages("外观设计呢？", [Passage(1, "第四十二条 …", "《专利法》第四十二条")], history)
    assert [m.type for m in messages] == ["system", "human", "ai", "human"]
    assert "Chinese" in messages[0].content and "[1] 《专利法》第四十二条" in messages[-1].content
