"""`python -m llama_cpp.server`, with llama.cpp's extra weight buffers off and `max_completion_tokens` honoured.

The wheel built from source on this machine (CPU with AMX-INT8) crashed with a segmentation fault in the
first multi-token decode; with `use_extra_bufts` off the same model answers. llama-cpp-python 0.3.36 has
no flag for it, so this launcher sets it in the default model parameters before the server starts.

langchain-openai 1.x sends the answer limit as `max_completion_tokens` (OpenAI's current name); the
llama-cpp-python server knows only `max_tokens` and silently ignored it, so a rambling model in JSON mode
wrote until its context was full (ten minutes per answer on the shared machine). The chat request type
here reads either name, as OpenAI, vLLM and llama.cpp's own server do.
"""
from __future__ import annotations

import runpy
from typing import Optional

import llama_cpp.llama_cpp as native
import llama_cpp.server.types as server_types
from pydantic import AliasChoices, Field

_defaults = native.llama_model_default_params


def _without_extra_buffers():
    params = _defaults()
    params.use_extra_bufts = False
    return params


native.llama_model_default_params = _without_extra_buffers


class _ChatRequest(server_types.CreateChatCompletionRequest):
    max_tokens: Optional[int] = Field(   # noqa: UP045 — the same annotation as the field it replaces
        default=None, validation_alias=AliasChoices("max_tokens", "max_completion_tokens"),
        description="The maximum number of tokens to generate (OpenAI's max_completion_tokens too).")


server_types.CreateChatCompletionRequest = _ChatRequest   # before llama_cpp.server.app imports it

if __name__ == "__main__":
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
