"""IPABS_LLM_* settings to a LangChain chat model: none configured means extractive only; bad ones are named."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.llm import LLMConfigError, make_chat_model
from app.settings import Settings


def test_no_model_and_no_url_means_extractive_only():
    assert make_chat_model(Settings()) is None


def test_openai_compatible_server_gets_json_mode_one_try_and_the_timeout():
    chat = make_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="local", llm_timeout=7))
    assert chat.model_id == "openai:local@http://127.0.0.1:9/v1" and chat.json_mode and chat.timeout == 7
    assert chat.model.max_retries == 0 and chat.model.request_timeout == 7 and chat.model.temperature == 0


def test_url_without_model_names_the_missing_variable():
    with pytest.raises(LLMConfigError, match="IPABS_LLM_MODEL"):
        make_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1"))


def test_provider_without_its_package_is_a_clear_error():
    with pytest.raises(LLMConfigError, match="IPABS_LLM_PROVIDER='no-such-provider'"):
        make_chat_model(Settings(llm_provider="no-such-provider", llm_model="m"))


def test_timeout_must_be_positive():
    with pytest.raises(ValidationError, match="above 0"):
        Settings(llm_timeout=0)


def test_max_tokens_reaches_the_chat_model():
    chat = make_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="local", llm_max_tokens=120))
    assert chat.max_tokens == 120
    assert make_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="local")).max_tokens == 700


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_bad_max_tokens_names_the_variable(value, monkeypatch):
    from click.testing import CliRunner

    from app.cli import main
    from app.settings import get_settings

    monkeypatch.setenv("IPABS_LLM_MAX_TOKENS", value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["ask", "x"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code != 0 and "Error: IPABS_LLM_MAX_TOKENS:" in result.output
