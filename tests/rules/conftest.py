"""Shared helpers for the rules tests: real packs, real durable_rules, no mocks."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from rules.engine import Checker
from rules.packs import Pack, load_pack


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker.default()


def minimal_rule(**overrides) -> dict:
    """A valid one-rule pack entry; tests override what they probe."""
    rule = {
        "id": "T-01",
        "title": {"zh": "测试", "en": "Test rule"},
        "topic": "test",
        "severity": "warning",
        "condition": "deal.investor_count <= 200",
        "explain": {"pass": "ok {deal.investor_count}", "fail": "too many: {deal.investor_count}"},
        "remediation": "fewer investors",
        "basis": [{"instrument": "证券法", "article": "第九条", "verification": "V"}],
        "tests": [{"expect": "pass", "deal": {"deal": {"investor_count": 10}}},
                  {"expect": "warn", "deal": {"deal": {"investor_count": 300}}}],
    }
    rule.update(overrides)
    return rule


def write_pack(tmp_path: Path, rules: list[dict], name: str = "test-pack", **extra) -> Path:
    data = {"name": name, "version": "1", "jurisdiction": "CN", "description": "test", "rules": rules, **extra}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def make_pack(tmp_path: Path, rules: list[dict], name: str = "test-pack") -> Pack:
    return load_pack(write_pack(tmp_path, rules, name))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip()
