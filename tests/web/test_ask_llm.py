"""The Ask handler against a real llama.cpp server: tokens arrive as drafts over HTTP, the audit keeps them."""
from __future__ import annotations

import pytest

from app.settings import Settings
from app.web.ask_tab import ANY, DRAFT_HEAD, generation, on_ask
from tests.kb.conftest import PATENT_2020
from tests.llm.conftest import llm_server_url  # noqa: F401 - the session's llama.cpp server (CI: IPABS_TEST_LLM_URL)
from tests.web.ask_context import web_context

pytestmark = [pytest.mark.llm, pytest.mark.slow]

# Bounds the test on a busy machine (SmolLM2 may ramble to its token limit at ~1 token/s): what streamed
# before the cut is still what the audit must hold.
TIMEOUT_S = 40


def test_a_real_model_streams_drafts_and_the_audit_keeps_its_output(tmp_path, llm_server_url):  # noqa: F811
    ctx = web_context(tmp_path / "data")
    ctx.kb.add(PATENT_2020)
    gen = generation(Settings(llm_base_url=llm_server_url, llm_model="smollm2", llm_timeout=TIMEOUT_S))
    updates = list(on_ask(ctx, gen, "外观设计专利权的期限是多少年？", [], ANY, ANY, "", "generate", [], None))
    drafts = [u[0][-1]["content"] for u in updates[1:-1]]
    assert len(drafts) >= 2 and all(d.startswith(DRAFT_HEAD) for d in drafts)
    assert len(set(drafts)) >= 2                          # the draft grew as tokens came
    reply = updates[-1][0][-1]["content"]
    assert "Draft" not in reply
    assert reply.startswith(("**✓ 生成回答 · 已逐句核对来源", "**⚠ Generated answer not shown"))
    entry = ctx.audit.read(1).entries[0]
    gen_record = entry["generation"]
    assert gen_record["model"] == f"openai:smollm2@{llm_server_url}"
    assert gen_record["raw_output"] and gen_record["passage_ids"]
    assert gen_record["fallback"] == reply.startswith("**⚠")
    if not gen_record["fallback"]:
        assert any(v["status"] == "supported" for v in gen_record["verification"])
