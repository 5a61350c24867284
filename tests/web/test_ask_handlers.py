"""The Ask tab's handlers called directly (no browser): quotes, generated answers streamed then verified,
failures of the model ending in the quotes with a notice, and the audit record of each generated answer."""
from __future__ import annotations

import json
import re
import socket
import threading

import gradio as gr
import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from app.settings import Settings
from app.web.ask_tab import ANY, DRAFT_HEAD, Generation, generation, on_ask, on_clear, on_pick
from kb.generate import ChatModel
from tests.kb.conftest import EU_REG, PATENT_2020, TRADEMARK
from tests.web.ask_context import web_context

pytestmark = pytest.mark.slow   # a real knowledge base and e5 verifier

QUESTION = "外观设计专利权的期限是多少年？"
GOOD = {"text": "外观设计专利权的期限为十五年，自申请日起计算[1]。", "citations": [1], "quote": "外观设计专利权的期限为十五年"}
GOOD_2 = {"text": "发明专利权的期限为二十年[1]。", "citations": [1], "quote": "发明专利权的期限为二十年"}
WRONG_NUMBER = {"text": "外观设计专利权的期限为十年[1]。", "citations": [1], "quote": "外观设计专利权的期限为十五年"}


def scripted(*outputs: str) -> Generation:
    """A chat model that answers with these texts, streamed piece by piece as a server would."""
    return Generation(ChatModel(GenericFakeChatModel(messages=iter(AIMessage(o) for o in outputs)), "fake:scripted"))


def as_json(*sentences: dict, answered: bool = True) -> str:
    return json.dumps({"answered": answered, "sentences": list(sentences)}, ensure_ascii=False)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    context = web_context(tmp_path_factory.mktemp("ask-handlers"))
    for doc in (PATENT_2020, TRADEMARK, EU_REG):
        context.kb.add(doc)
    return context


def run(ctx, gen, question=QUESTION, mode="generate", kept=None, request=None, day=""):
    """Every update the handler yields, as (chat, question box, picker, sources, kept) tuples."""
    return list(on_ask(ctx, gen, question, [], ANY, ANY, day, mode, kept or [], request))


def last_reply(updates) -> str:
    return updates[-1][0][-1]["content"]


def last_audit(ctx) -> dict:
    return ctx.audit.read(1).entries[0]


def test_quotes_answer_cites_and_marks_the_answering_sentence(ctx):
    updates = run(ctx, Generation(), mode="extractive")
    assert "检索中" in updates[0][0][-1]["content"]          # the placeholder comes first
    chat, box, _, sources, kept = updates[-1]
    assert "第四十二条" in last_reply(updates) and box == ""
    assert re.search(r"<mark>[^<]*外观设计专利权的期限为十五年", sources)
    assert "Source check" not in sources                       # no model, no verification section
    assert last_audit(ctx)["mode"] == "extractive" and "generation" not in last_audit(ctx)


def test_generated_answer_streams_a_draft_then_shows_only_verified_sentences(ctx):
    raw = as_json(GOOD, GOOD_2, WRONG_NUMBER)
    updates = run(ctx, scripted(raw))
    drafts = [u[0][-1]["content"] for u in updates[1:-1]]
    assert drafts and all(d.startswith(DRAFT_HEAD) for d in drafts)   # marked unverified while it streams
    reply = last_reply(updates)
    assert "Draft" not in reply and reply.startswith("**✓ 生成回答 · 已逐句核对来源")
    assert "十五年" in reply and "外观设计专利权的期限为十年" not in reply   # the wrong number is not shown…
    assert "1 removed, shown under Sources" in reply
    sources = updates[-1][3]
    # …but listed as removed, struck through, with the verifier's reason.
    removed = re.search(r'<li class="ipabs-sentence" data-status="removed">(.*?)</li>', sources).group(1)
    assert "✗ removed" in removed and "<s>外观设计专利权的期限为十年" in removed and " — " in removed
    assert sources.count('data-status="supported"') == 2
    # The passage marks the words the shown sentences quote.
    assert re.search(r"<mark>[^<]*外观设计专利权的期限为十五年", sources)
    assert re.search(r"<mark>[^<]*发明专利权的期限为二十年", sources)


def test_audit_of_a_generated_answer_reads_back_with_what_was_removed_and_why(ctx):
    raw = as_json(GOOD, WRONG_NUMBER, GOOD_2)
    updates = run(ctx, scripted(raw))
    entry = last_audit(ctx)
    gen = entry["generation"]
    assert entry["action"] == "ask" and entry["mode"] == "generate" and entry["question"] == QUESTION
    assert gen["model"] == "fake:scripted" and gen["raw_output"] == raw
    kept = updates[-1][4][-1]
    assert gen["passage_ids"] and gen["passage_ids"][0].startswith(PATENT_2020.doc_id)
    assert len(gen["passage_ids"]) == len(kept["citations"])
    statuses = {v["text"]: (v["status"], v["reason"]) for v in gen["verification"]}
    assert statuses[WRONG_NUMBER["text"]][0] == "removed" and statuses[WRONG_NUMBER["text"]][1]
    assert statuses[GOOD["text"]][0] == "supported"
    assert gen["shown"] and WRONG_NUMBER["text"] not in gen["shown"]


def test_a_long_raw_output_is_kept_whole_in_the_audit(ctx):
    filler = {"text": "注册商标的有效期为十年[2]。" * 12, "citations": [2], "quote": "注册商标的有效期为十年"}
    raw = as_json(GOOD, *[filler] * 8)
    assert len(raw) > 2000          # longer than any other audited text may be
    run(ctx, scripted(raw))
    assert last_audit(ctx)["generation"]["raw_output"] == raw


def test_a_refusal_shows_the_quotes_with_a_notice(ctx):
    refusal = as_json({"text": "所给条文未规定该问题。", "citations": [], "quote": ""}, answered=False)
    reply = last_reply(run(ctx, scripted(refusal)))
    assert reply.startswith("**⚠ Generated answer not shown")
    assert "模型认为所给条文不能回答该问题" in reply and "第四十二条" in reply   # the quotes still follow


def test_malformed_output_shows_the_quotes_with_a_notice(ctx):
    updates = run(ctx, scripted('{"answered": true, "sentences": [{"text": "外观设计'))   # cut off mid-JSON
    reply = last_reply(updates)
    assert reply.startswith("**⚠ Generated answer not shown") and "第四十二条" in reply
    assert last_audit(ctx)["generation"]["fallback"] is True
    assert 'data-fallback="true"' in updates[-1][3]
    # With the quotes shown, the passage marks the quoted article, as for any quotes answer.
    assert re.search(r"<mark>[^<]*外观设计专利权的期限为十五年", updates[-1][3])


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]      # nothing listens here once the socket is closed


def test_server_down_shows_the_quotes_with_a_notice_after_one_attempt(ctx):
    port = closed_port()
    gen = generation(Settings(llm_base_url=f"http://127.0.0.1:{port}/v1", llm_model="smollm2", llm_timeout=10))
    assert gen.chat is not None and not gen.unavailable
    reply = last_reply(run(ctx, gen))
    assert reply.startswith("**⚠ Generated answer not shown")
    assert "语言模型调用失败" in reply and "第四十二条" in reply    # the Chinese question's notice, then the quotes
    audited = last_audit(ctx)["generation"]
    assert audited["fallback"] and audited["notice"] and audited["raw_output"] == ""


def test_a_model_that_never_answers_times_out_once(ctx):
    """A server that accepts the connection and says nothing: one request, cut at IPABS_LLM_TIMEOUT."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        gen = generation(Settings(llm_base_url=f"http://127.0.0.1:{listener.getsockname()[1]}/v1",
                                  llm_model="smollm2", llm_timeout=2))
        reply = last_reply(run(ctx, gen))
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
    assert "timed out" in reply and "第四十二条" in reply
    assert len(accepted) == 1          # no retries


def test_generate_asked_without_a_model_answers_with_quotes(ctx):
    off = generation(Settings())
    assert off.chat is None and "no language model is configured" in off.unavailable
    updates = run(ctx, off)            # e.g. an API call naming generate on a server without a model
    assert "第四十二条" in last_reply(updates) and "Generated" not in last_reply(updates)
    assert last_audit(ctx)["mode"] == "extractive"


def test_a_model_setting_that_cannot_work_is_named(ctx):
    bad = generation(Settings(llm_base_url="http://127.0.0.1:9/v1"))   # a server but no model name
    assert bad.chat is None and "IPABS_LLM_MODEL" in bad.unavailable


def test_a_follow_up_reaches_the_model_with_the_conversation(ctx):
    first = run(ctx, scripted(as_json(GOOD)))
    kept = first[-1][4]
    model = GenericFakeChatModel(messages=iter([AIMessage(as_json(GOOD_2))]))
    seen: list = []
    updates = run(ctx, Generation(ChatModel(_Recording(model, seen), "fake:recording")), question="发明专利呢？", kept=kept)
    assert len(updates[-1][4]) == 2
    prompt = "\n".join(str(m.content) for m in seen[0])
    assert QUESTION in prompt and "外观设计专利权的期限为十五年" in prompt   # the earlier turn, as shown


class _Recording:
    """Hands the messages the model is sent to the test, then streams the scripted reply."""

    def __init__(self, model, seen: list):
        self._model, self._seen = model, seen

    def stream(self, messages, **kwargs):
        self._seen.append(messages)
        return self._model.stream(messages, **kwargs)


def test_an_unknown_user_is_refused_before_the_model_is_called(tmp_path):
    from app.web.auth import Users

    users = tmp_path / "users.yaml"
    Users(users).add("viewer", "pw-viewer-0123", "viewer")
    gated = web_context(tmp_path / "data", users)
    model = GenericFakeChatModel(messages=iter([AIMessage(as_json(GOOD))]))
    with pytest.raises(gr.Error, match="Not signed in"):
        list(on_ask(gated, Generation(ChatModel(model, "fake:scripted")), QUESTION, [], ANY, ANY, "", "generate", [],
                    gr.Request(username="mallory")))
    assert next(model.messages, None) is not None          # the scripted reply was never taken
    entry = gated.audit.read(1).entries[0]
    assert entry["action"] == "denied" and entry["attempted"] == "ask" and entry["user"] == "mallory"


def test_pick_and_clear(ctx):
    kept = run(ctx, Generation(), mode="extractive")[-1][4]
    assert "Sources for:" in on_pick(ctx, 0, kept, None)
    assert "appear here" in on_pick(ctx, 5, kept, None)      # an index the list does not have
    chat, _, sources, answers = on_clear(ctx, None)
    assert chat == [] and answers == [] and "appear here" in sources


def test_a_sentence_backed_only_by_a_note_is_shown_flagged(tmp_path):
    from tests.kb.conftest import make_doc

    both = web_context(tmp_path / "data")
    both.kb.add(make_doc("专利法节选", ["第四十二条 外观设计专利权的期限为十五年，自申请日起计算。"]))
    # The note states the term too: a question for a term is answered only by passages that state one.
    both.kb.add(make_doc("专利期限说明", ["一、外观设计专利权的保护期为十五年。外观设计专利权期满后不能续展，期满即进入公有领域。"],
                         doc_type="note"))
    law = {"text": "外观设计专利权的期限为十五年[1]。", "citations": [1], "quote": "外观设计专利权的期限为十五年"}
    note = {"text": "外观设计专利权期满后不能续展[2]。", "citations": [2], "quote": "外观设计专利权期满后不能续展"}
    updates = run(both, scripted(as_json(law, note)))
    assert [c["doc_type"] for c in updates[-1][4][-1]["citations"]] == ["law", "note"]   # [1] law, [2] the note
    reply, sources = last_reply(updates), updates[-1][3]
    assert reply.startswith("**✓ 生成回答") and "仅有说明性材料支持，非法律原文" in reply   # shown, with its flag
    assert 'data-status="flagged"' in sources and "⚠ flagged" in sources and "not by the law itself" in sources


def test_only_a_note_behind_the_answer_means_the_quotes_and_says_so(tmp_path):
    from tests.kb.conftest import make_doc

    notes = web_context(tmp_path / "data")
    notes.kb.add(make_doc("专利期限说明", ["一、外观设计专利权的期限为十五年，自申请日起计算。"], doc_type="note"))
    sentence = {"text": "外观设计专利权的期限为十五年[1]。", "citations": [1], "quote": "外观设计专利权的期限为十五年"}
    reply = last_reply(run(notes, scripted(as_json(sentence))))
    assert reply.startswith("**⚠ Generated answer not shown") and "仅有说明性材料（注释、摘要）支持" in reply


def test_the_audit_tab_shows_what_a_generated_answer_lost_and_why(ctx):
    from app.web.audit_tab import audit_table

    run(ctx, scripted(as_json(GOOD, GOOD_2, WRONG_NUMBER)))
    entry = last_audit(ctx)
    reason = next(v["reason"] for v in entry["generation"]["verification"] if v["status"] == "removed")
    row = audit_table([entry])
    assert "generated by fake:scripted, 3 sentences, shown" in row
    assert f"✗ {WRONG_NUMBER['text']} — {reason}" in row.replace("&#x27;", "'")


def test_model_text_is_shown_as_text_never_as_html(ctx):
    attack = '<img src=x onerror="alert(1)">'
    evil = {"text": f"外观设计专利权的期限为十五年{attack}[1]。", "citations": [1], "quote": f"外观设计专利权的期限为十五年{attack}"}
    updates = run(ctx, scripted(as_json(GOOD, evil)))
    for message in [u[0][-1]["content"] for u in updates] + [updates[-1][3]]:
        assert "<img" not in message and "onerror=\"" not in message
