"""The web app while the library's Chroma server is down: a notice in the chat, then answers again once it is back."""
from __future__ import annotations

import json
import time

import psutil
import pytest

from tests.web.conftest import DATA, base_env, cli, start_server, stop
from tests.web.http import call, endpoints, session

pytestmark = pytest.mark.slow

ANY = "Any · 全部"
QUESTION = "原始权益人持有次级资产支持证券的比例不得低于多少？"


def ask(client, deps) -> str:
    outcome = call(client, deps["ask"], [QUESTION, [], ANY, ANY, "", "extractive", []])   # inputs: ..., as-of, answer mode, answers kept
    assert outcome.success, outcome.text
    return json.dumps(outcome.output[0][-1], ensure_ascii=False)


def test_a_chroma_outage_is_a_notice_in_the_chat_and_the_app_recovers(tmp_path):
    data_dir = tmp_path / "data"
    env = base_env(data_dir)
    cli(env, "ingest", str(DATA / "ipabs_test_guideline.md"))
    proc, url, log = start_server(data_dir, env)
    try:
        client = session(url)
        deps = endpoints(url, client)
        assert "知识产权证券化网页测试指引" in ask(client, deps)
        chroma = [p for p in psutil.Process(proc.pid).children() if "chroma" in " ".join(p.cmdline())]
        assert len(chroma) == 1, "ipabs serve runs one Chroma server for its data dir"
        chroma[0].kill()
        chroma[0].wait(10)
        down = ask(client, deps)
        assert "Knowledge base unavailable" in down and "not reachable" in down, down
        deadline = time.monotonic() + 60
        while "知识产权证券化网页测试指引" not in (answer := ask(client, deps)):
            assert time.monotonic() < deadline, f"no answer a minute after the outage: {answer}"
            time.sleep(2)
    finally:
        stop(proc)
