"""bench/eval_intake.py scores refusals: refused as expected, wrongly drafted, wrongly refused; and prints them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from bench.eval_intake import run_case

ROOT = Path(__file__).resolve().parents[3]
NOTICE = {"id": "t-notice", "format": "txt-gb18030", "file": "通知.txt", "expect_refusal": True, "expected": {},
          "blocks": ["关于开展专利转化专项行动的通知", "各区知识产权局：", "现将有关事项通知如下，请认真贯彻执行。"]}
DEAL = {"id": "t-deal", "format": "txt-gb18030", "file": "要素表.txt",
        "blocks": ["红杉知识产权1期资产支持专项计划发行要素", "计划管理人：东川证券股份有限公司", "发行规模：2.5亿元"],
        "expected": {"name": "红杉知识产权1期资产支持专项计划", "manager.name": "东川证券股份有限公司",
                     "deal.issue_size": 250000000, "deal.vehicle": "special_plan"}}


def test_a_refusal_that_was_expected(tmp_path):
    row = run_case(NOTICE, tmp_path)
    assert row["outcome"] == "refused as expected" and "not an offering document" in row["refused"]
    assert row["extracted"] == 0 and row["invented"] == []


def test_a_deal_case_refused_is_wrongly_refused(tmp_path):
    row = run_case({**NOTICE, "expect_refusal": False, "expected": {"name": "某资产支持专项计划"}}, tmp_path)
    assert row["outcome"] == "wrongly refused" and row["correct"] == 0 and row["missed"] == ["name"]


def test_a_drafted_case_that_should_be_refused_counts_every_field_invented(tmp_path):
    row = run_case({**DEAL, "expect_refusal": True, "expected": {}}, tmp_path)
    assert row["outcome"] == "wrongly drafted" and len(row["invented"]) == row["extracted"] >= 3
    assert run_case(DEAL, tmp_path)["outcome"] == "drafted"


def test_the_script_prints_the_refusals_and_fails_its_goals_on_a_wrong_one(tmp_path):
    for case in (NOTICE, DEAL, {**DEAL, "id": "t-deal-refuse", "expect_refusal": True, "expected": {}}):
        (tmp_path / f"{case['id']}.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "eval_intake.py"), "--dir", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert "Traceback" not in result.stderr
    assert "refused as expected: 通知.txt: not an offering document" in result.stdout
    assert "wrongly drafted" in result.stdout
    assert "refusals: 2 case(s) expect one: 1 refused as expected, 1 wrongly drafted; 1 deal case(s): 0 wrongly refused" in result.stdout
    assert result.returncode == 1
