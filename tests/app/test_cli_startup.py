"""What a one-off command loads: each subcommand's module only when that command runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app import check_cli, intake_cli, kb_cli, web_cli
from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_of_every_area_is_reachable_by_name():
    from click import Context

    ctx = Context(main)
    for module in (kb_cli, check_cli, intake_cli, web_cli):
        for command in module.commands:
            assert main.get_command(ctx, command.name) is command, command.name
    assert set(main.list_commands(ctx)) == {c.name for m in (kb_cli, check_cli, intake_cli, web_cli) for c in m.commands}


def _modules_after(*args: str) -> set[str]:
    """Modules imported by `ipabs ARGS` in a fresh interpreter."""
    code = ("import sys, json\nfrom app.cli import main\n"
            f"try:\n    main({list(args)!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_ask_help_does_not_load_the_rules_engine_the_web_app_or_ocr():
    loaded = _modules_after("ask", "--help")
    assert "app.kb_cli" in loaded
    for module in ("app.check_cli", "rules.engine", "durable", "app.web_cli", "gradio", "app.intake_cli", "torch"):
        assert module not in loaded, module


def test_rules_help_does_not_load_the_vector_store():
    loaded = _modules_after("rules", "--help")
    assert "app.check_cli" in loaded
    assert "chromadb" not in loaded and "app.kb_cli" not in loaded
