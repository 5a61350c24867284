"""One settings object for the whole app, read from IPABS_* environment variables."""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Offline by default: models come from installed packages, never from a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# Model loading chatter (progress bars, prompt notices) is noise in a CLI answer.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# With a Chroma server every store call is an HTTP request, which httpx would log at INFO.
logging.getLogger("httpx").setLevel(logging.WARNING)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPABS_")

    data_dir: Path = Path("data")
    chroma_url: str = ""                 # empty = embedded store in data_dir; http://host:port[/database] = server
    embedding: str = "e5"                # e5 | minilm | a sentence-transformers model path
    e5_source: str = ""                  # optional local copy of intfloat/multilingual-e5-small
    max_file_mb: float = 50.0
    shared_dir: Path = Path(__file__).resolve().parent.parent.parent / "shared"
    users: Path | None = None            # users file; unset or empty = local use without login
    starter_pack: bool = True            # load the starter knowledge pack on first run
    allowed_origins: str = ""            # comma-separated origins the web app answers (behind a proxy); empty = its own address
    report_days: int = 30                # check reports (and their deal text) kept this many days
    upload_quota_mb: float = 500.0       # per user per rolling window, web uploads (0 = no limit)
    upload_quota_count: int = 200        # uploads per user per rolling window (0 = no limit)
    upload_quota_hours: float = 24.0     # the rolling window of both quotas

    # Optional generative answers (app/llm.py): no model and no base URL = extractive answers only.
    llm_provider: str = ""               # a LangChain provider (openai, deepseek, ollama, …); empty = openai-compatible
    llm_model: str = ""                  # the model name the server or API expects
    llm_base_url: str = ""               # an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout: float = 60.0            # seconds for one whole answer; a slow model then falls back
    llm_max_tokens: int = 700            # tokens the model may write per answer: a few cited sentences with quotes

    @field_validator("llm_timeout", "llm_max_tokens")
    @classmethod
    def _positive(cls, value: float, info: ValidationInfo) -> float:
        if value <= 0:
            unit = "a number of seconds" if info.field_name == "llm_timeout" else "a whole number of tokens"
            raise ValueError(f"must be {unit} above 0, not {value}")
        return value

    @property
    def max_file_bytes(self) -> int:
        """The upload/ingest size limit in bytes (IPABS_MAX_FILE_MB)."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def origins(self) -> list[str]:
        return [o.strip() for o in self.allowed_origins.split(",") if o.strip()]

    @field_validator("chroma_url")
    @classmethod
    def _server_address(cls, value: str) -> str:
        if value:
            from kb.connection import ServerAddress   # only now: chromadb is heavy and embedded use never needs it here

            ServerAddress.parse(value)
        return value

    @field_validator("users", mode="before")
    @classmethod
    def _empty_means_unset(cls, value):
        return None if value in ("", None) else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
