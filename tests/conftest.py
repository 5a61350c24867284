"""Suite-wide: on CI a test skipped for want of what it needs fails instead; the default `e5` model once per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]   # tests/test_ci_skips.py runs the hook below in a pytest of its own

ROOT = Path(__file__).resolve().parents[1]

# Markers naming something a test needs; CI provides each, so a skip there means CI is broken, not the test.
REQUIREMENTS = {
    "e2e": "a headless Chromium (`chromium` on PATH)",
    "corpus": "../shared (law texts and benchmarks)",
    "llm": "the llama.cpp server",
}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """With CI=true, a skipped test marked with a requirement is reported failed, naming the requirement."""
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and os.environ.get("CI") == "true":
        needs = [f"{REQUIREMENTS[m.name]} (marker `{m.name}`)" for m in item.iter_markers() if m.name in REQUIREMENTS]
        if needs:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            reason = reason.removeprefix("Skipped: ")
            report.outcome = "failed"
            report.longrepr = f"CI=true: this test needs {', '.join(dict.fromkeys(needs))}, but it was skipped: {reason}"
    return report


@pytest.fixture(scope="session")
def e5_models(tmp_path_factory) -> Path:
    """The `models` folder every `e5` test links into its data dir: the repo's data/models when `make run`
    built it, else a session folder that the app's own ensure_e5_model fills on first use (about a minute)."""
    built = ROOT / "data" / "models"
    return built if built.is_dir() else tmp_path_factory.mktemp("models")


def link_e5_models(data_dir: Path, models: Path) -> Path:
    """`data_dir` with models/ pointing at the session's, so KnowledgeBase.open(data_dir, "e5") builds at most once."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "models").symlink_to(models, target_is_directory=True)
    return data_dir


@pytest.fixture
def e5_data_dir(tmp_path, e5_models) -> Path:
    return link_e5_models(tmp_path / "data", e5_models)
