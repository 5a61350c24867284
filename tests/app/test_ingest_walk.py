"""`ipabs ingest FOLDER` stays inside the folder and says what it skipped and why."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.web.conftest import IPABS, base_env

pytestmark = pytest.mark.slow

LAW = "第一条 为测试目录遍历，制定本办法。\n\n第二条 本办法自发布之日起施行。\n"


def test_links_leaving_the_tree_dangling_links_and_fifos_are_reported_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# 外部文件\n\n第一条 不应被导入的文件。\n", encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "law.md").write_text("# 目录遍历测试办法\n\n" + LAW, encoding="utf-8")
    (tree / "leak.md").symlink_to(outside / "secret.md")
    (tree / "gone.md").symlink_to(tmp_path / "missing.md")
    (tree / "sub").symlink_to(outside, target_is_directory=True)
    os.mkfifo(tree / "pipe.md")          # reading it would block the ingest forever

    env = base_env(tmp_path / "data")
    run = subprocess.run([IPABS, "ingest", str(tree)], env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "1 added" in out and "4 skipped" in out, out
    assert f"leak.md: skipped symbolic link to {outside.resolve() / 'secret.md'}, outside" in out
    assert "gone.md: skipped dangling symbolic link" in out
    assert "sub: skipped symbolic link to a folder" in out
    assert "pipe.md: skipped a FIFO, not a file" in out
    listed = subprocess.run([IPABS, "docs", "list"], env=env, capture_output=True, text=True, timeout=300).stdout
    assert "目录遍历测试办法" in listed and "外部文件" not in listed

    followed = subprocess.run([IPABS, "ingest", "--follow-links", str(tree / "leak.md"), str(tree)], env=env,
                              capture_output=True, text=True, timeout=300)
    assert "外部文件" in subprocess.run([IPABS, "docs", "list"], env=env, capture_output=True, text=True).stdout, \
        followed.stdout + followed.stderr
