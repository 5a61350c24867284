"""`python -m llama_cpp.server`, with llama.cpp's extra weight buffers (AMX / repacked kernels) turned off.

The wheel built from source on this machine (CPU with AMX-INT8) crashed with a segmentation fault in the
first multi-token decode; with `use_extra_bufts` off the same model answers. llama-cpp-python 0.3.36 has
no flag for it, so this launcher sets it in the default model parameters before the server starts.
"""
from __future__ import annotations

import runpy

import llama_cpp.llama_cpp as native

_defaults = native.llama_model_default_params


def _without_extra_buffers():
    params = _defaults()
    params.use_extra_bufts = False
    return params


native.llama_model_default_params = _without_extra_buffers

if __name__ == "__main__":
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
