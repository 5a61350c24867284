"""Separate app processes sharing one Chroma server: one ingests, supersedes and deletes, the other keeps up."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared import free_port

ROOT = Path(__file__).resolve().parents[2]
IPABS = Path(sys.executable).parent / "ipabs"
QUESTION = "外观设计专利权的期限是多少年？"
PATENT_2008 = ("中华人民共和国专利法（2008年修正）", "2009-10-01",
               "第四十二条 发明专利权的期限为二十年，实用新型专利权和外观设计专利权的期限为十年，均自申请日起计算。\n\n"
               "第四十三条 专利权人应当自被授予专利权的当年开始缴纳年费。\n")
PATENT_2020 = ("中华人民共和国专利法（2020年第四次修正）", "2021-06-01",
               "第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。\n\n"
               "第四十三条 专利权人应当自被授予专利权的当年开始缴纳年费。\n")


def app_env(data_dir: Path, chroma_url: str) -> dict[str, str]:
    """An app process of its own: its own data dir (so its own lexical index), the shared server."""
    return {**os.environ, "IPABS_DATA_DIR": str(data_dir), "IPABS_CHROMA_URL": chroma_url,
            "IPABS_EMBEDDING": "e5-engine", "IPABS_STARTER_PACK": "false"}


def ipabs(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(IPABS), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


class Peer:
    """Process B: started once and kept running while process A changes the library."""

    def __init__(self, env: dict[str, str]):
        self.process = subprocess.Popen([sys.executable, "-m", "tests.kb.peer"], env=env, cwd=ROOT, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._read() == {"ready": True}

    def __call__(self, op: str, **args) -> dict:
        self.process.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.process.stdin.flush()
        reply = self._read()
        assert "error" not in reply, reply["error"]
        return reply

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        assert line, f"peer exited with {self.process.wait()}"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def _ingest(env: dict[str, str], folder: Path, doc: tuple[str, str, str]) -> str:
    title, effective_from, text = doc
    path = folder / f"{effective_from}.md"
    path.write_text(text, encoding="utf-8")
    done = ipabs(env, "ingest", str(path), "--title", title, "--effective-from", effective_from)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_a_running_process_sees_another_process_ingest_supersede_and_delete(tmp_path, server_db_url):
    a_env = app_env(tmp_path / "a", server_db_url)
    b_dir = tmp_path / "b"
    peer = Peer(app_env(b_dir, server_db_url))
    try:
        assert peer("docs") == {"docs": {}}

        assert "1 added" in _ingest(a_env, tmp_path, PATENT_2008)
        (old_id,) = peer("docs")["docs"]
        assert peer("search", query="外观设计专利权 期限", mode="lexical")["doc_ids"][0] == old_id
        assert list((b_dir / "lexical").glob("*/*/ids.json")), "B's own lexical index, built from Chroma"

        assert "1 superseded" in _ingest(a_env, tmp_path, PATENT_2020)
        docs = peer("docs")["docs"]
        (new_id,) = set(docs) - {old_id}
        assert docs[old_id]["superseded_by"] == new_id
        assert peer("ask", question=QUESTION)["doc_ids"][0] == new_id
        assert peer("ask", question=QUESTION, as_of="2015-01-01")["doc_ids"][0] == old_id
        assert peer("search", query="外观设计专利权 十五年", mode="lexical")["doc_ids"][0] == new_id

        deleted = ipabs(a_env, "docs", "delete", new_id, "--yes")
        assert deleted.returncode == 0, deleted.stderr
        assert set(peer("docs")["docs"]) == {old_id}
        for mode in ("lexical", "dense", "hybrid"):
            hits = peer("search", query="外观设计专利权 十五年", mode=mode, as_of="2015-01-01")["doc_ids"]
            assert new_id not in hits and hits[0] == old_id, mode

        listed = ipabs(app_env(tmp_path / "c", server_db_url), "docs", "list", "--all", "--json")
        assert [d["doc_id"] for d in json.loads(listed.stdout)] == [old_id]
    finally:
        peer.close()


def test_the_cli_reports_an_unreachable_server_in_one_line(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/ipabs"
    done = ipabs(app_env(tmp_path, url), "docs", "list")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith(f"Error: Chroma server at {url} is not reachable")
