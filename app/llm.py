"""The optional chat model for generative answers, built from IPABS_LLM_* settings through LangChain."""
from __future__ import annotations

from app.settings import Settings, get_settings
from kb.generate import ChatModel

# An OpenAI-compatible server (llama.cpp, vLLM, Ollama's /v1, DeepSeek, Qwen/DashScope) is reached
# through langchain-openai; any other LangChain provider through its own integration package.
OPENAI_COMPATIBLE = "openai"


class LLMConfigError(ValueError):
    """IPABS_LLM_* settings that cannot give a chat model (named variable, reason)."""


def llm_configured(settings: Settings | None = None) -> bool:
    settings = settings or get_settings()
    return bool(settings.llm_model or settings.llm_base_url)


def _compatible_model_class():
    """ChatOpenAI that sends the answer limit as `max_tokens`. langchain-openai 1.x renames it to OpenAI's
    newer `max_completion_tokens`, which llama-cpp-python's server ignores: a local model then writes
    until its context is full. `max_tokens` is the name OpenAI-compatible servers read."""
    from langchain_openai import ChatOpenAI

    class CompatibleChatOpenAI(ChatOpenAI):
        def _get_request_payload(self, input_, *, stop=None, **kwargs):
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            if "max_completion_tokens" in payload:
                payload["max_tokens"] = payload.pop("max_completion_tokens")
            return payload

    return CompatibleChatOpenAI


def make_chat_model(settings: Settings | None = None) -> ChatModel | None:
    """The configured chat model, or None when no LLM is configured (extractive answers only)."""
    settings = settings or get_settings()
    if not llm_configured(settings):
        return None
    provider = settings.llm_provider or OPENAI_COMPATIBLE
    if not settings.llm_model:
        raise LLMConfigError("IPABS_LLM_MODEL: set the model name the server expects (any label for a llama.cpp server)")
    from langchain.chat_models import init_chat_model

    options: dict = {"temperature": 0, "timeout": settings.llm_timeout, "max_retries": 0}  # one try: no retry storm
    key = settings.llm_api_key.get_secret_value()
    if settings.llm_base_url:
        options["base_url"] = settings.llm_base_url
    if key or (provider == OPENAI_COMPATIBLE and settings.llm_base_url):
        options["api_key"] = key or "unused"   # a local server wants none, the client insists on one
    try:
        if provider == OPENAI_COMPATIBLE and settings.llm_base_url:
            model = _compatible_model_class()(model=settings.llm_model, **options)
        else:
            model = init_chat_model(settings.llm_model, model_provider=provider, **options)
    except ImportError as err:
        raise LLMConfigError(f"IPABS_LLM_PROVIDER={provider!r}: its LangChain package is not installed ({err})")
    except ValueError as err:
        raise LLMConfigError(f"IPABS_LLM_PROVIDER={provider!r}: {err}")
    where = f"@{settings.llm_base_url}" if settings.llm_base_url else ""
    # JSON mode is the structured output llama.cpp and most OpenAI-compatible servers accept (JSON schema is not).
    return ChatModel(model, f"{provider}:{settings.llm_model}{where}", json_mode=provider == OPENAI_COMPATIBLE,
                     timeout=settings.llm_timeout, max_tokens=settings.llm_max_tokens)
