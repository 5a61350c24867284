"""`ipabs ingest` of text files with front matter, as newcomer S2-1 ran it: GB18030 bytes, .txt and .md alike."""
from __future__ import annotations

import json

from tests.ingest.test_front_matter import POLICY


def test_a_gb18030_text_file_is_stored_under_its_front_matter_title(run, cli_env):
    folder = cli_env / "docs"
    folder.mkdir()
    (folder / "gb.txt").write_bytes(POLICY.encode("gb18030"))
    result = run("ingest", str(folder / "gb.txt"))
    assert result.exit_code == 0
    assert "added GB18030测试 南京市知识产权证券化奖励办法 (1 chunks)" in result.output
    [record] = json.loads(run("docs", "list", "--json").output)
    assert (record["title"], record["jurisdiction"], record["doc_type"]) == (
        "GB18030测试 南京市知识产权证券化奖励办法", "CN-NJ", "policy")


def test_malformed_front_matter_fails_its_file_by_line_and_stores_nothing(run, cli_env):
    folder = cli_env / "docs"
    folder.mkdir()
    (folder / "bad.md").write_bytes(POLICY.replace('"CN-NJ"', '"CN-NJ').encode("gb18030"))
    (folder / "good.txt").write_bytes(POLICY.encode("gb18030"))
    result = run("ingest", str(folder))
    assert "1 added, 0 unchanged, 0 superseded, 1 failed" in result.output
    assert "bad.md: FAILED front matter is not valid YAML at line 4" in result.output
    assert [d["title"] for d in json.loads(run("docs", "list", "--json").output)] == [
        "GB18030测试 南京市知识产权证券化奖励办法"]
