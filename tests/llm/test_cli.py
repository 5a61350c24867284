"""`ipabs ask --mode generate` as a user types it: no model configured, a server that is down."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.settings import get_settings
from tests.app.test_kb_cli import _write_corpus
from tests.shared import free_port

pytestmark = pytest.mark.slow   # ingests and embeds with e5


@pytest.fixture
def run(tmp_path, monkeypatch):
    from app.cli import main

    monkeypatch.setenv("IPABS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IPABS_EMBEDDING", "e5-engine")
    monkeypatch.setenv("IPABS_STARTER_PACK", "false")
    for name in ("IPABS_LLM_BASE_URL", "IPABS_LLM_MODEL", "IPABS_LLM_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(_write_corpus(tmp_path / "corpus") / "patent.md")], catch_exceptions=False)
    yield lambda *args: runner.invoke(main, list(args), catch_exceptions=False)
    get_settings.cache_clear()


def test_generate_without_a_model_is_a_clear_error(run):
    result = run("ask", "外观设计专利权的期限是多久？", "--mode", "generate")
    assert result.exit_code == 1 and "--mode generate needs a language model: set IPABS_LLM_BASE_URL" in result.output


def test_server_down_gives_one_line_and_the_quotes(run, monkeypatch):
    monkeypatch.setenv("IPABS_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("IPABS_LLM_MODEL", "local")
    get_settings.cache_clear()
    result = run("ask", "外观设计专利权的期限是多久？", "--mode", "generate", "--search", "lexical")
    lines = result.output.splitlines()
    assert result.exit_code == 0 and lines[0].startswith("语言模型调用失败（OpenAIConnectionError")
    assert lines[1] == "依据知识库中的条文：" and "第四十二条" in result.output
    data = json.loads(run("ask", "外观设计专利权的期限是多久？", "--mode", "generate", "--json").output)
    assert data["mode"] == "generate" and data["model"].startswith("openai:local@") and data["fallback"] is True
    assert data["sentences"] == [] and data["answer"].startswith(data["notice"])


def test_extractive_stays_the_default(run):
    data = json.loads(run("ask", "外观设计专利权的期限是多久？", "--json").output)
    assert "mode" not in data and data["found"] is True
