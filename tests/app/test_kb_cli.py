"""`ipabs ingest / ask / docs / kb` as a user types them, against a real store."""
from __future__ import annotations

import json

PATENT = """---
title: "中华人民共和国专利法（测试摘录）"
issuer: "全国人民代表大会常务委员会"
date: "2020-10-17 修正（2021-06-01 施行）"
language: zh-CN
official_text: "yes — written here for the tests"
---

# 中华人民共和国专利法

## 第五章 专利权的期限、终止和无效

第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。

第四十三条 专利权人应当自被授予专利权的当年开始缴纳年费。
"""


def _write_corpus(folder):
    folder.mkdir()
    (folder / "patent.md").write_text(PATENT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.bin").write_bytes(b"\x00\x01\x02")
    return folder


def test_ingest_reports_each_file_and_goes_on_past_bad_ones(run, cli_env):
    corpus = _write_corpus(cli_env / "corpus")
    result = run("ingest", str(corpus))
    assert result.exit_code == 1
    assert "1 added, 0 unchanged, 0 superseded, 2 failed" in result.output
    assert "empty.txt: FAILED empty file" in result.output
    assert "junk.bin: FAILED" in result.output
    again = run("ingest", str(corpus / "patent.md"))
    assert again.exit_code == 0 and "0 added, 1 unchanged" in again.output


def test_ask_json_cites_the_article(run, cli_env):
    run("ingest", str(_write_corpus(cli_env / "corpus") / "patent.md"))
    result = run("ask", "外观设计专利权的期限是多久？", "--json")
    answer = json.loads(result.output)
    assert answer["found"] is True
    assert answer["citations"][0]["article"] == "第四十二条"
    assert "专利法" in answer["citations"][0]["title"]


def test_ask_batch_reads_questions_from_stdin(run, cli_env):
    run("ingest", str(_write_corpus(cli_env / "corpus") / "patent.md"))
    result = run("ask", "--json", "-", input="外观设计专利权的期限\n\n专利年费什么时候开始缴纳\n")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["question"] for line in lines] == ["外观设计专利权的期限", "专利年费什么时候开始缴纳"]
    assert lines[1]["citations"][0]["article"] == "第四十三条"


def test_docs_list_show_delete_and_stats(run, cli_env):
    run("ingest", str(_write_corpus(cli_env / "corpus") / "patent.md"))
    stats = json.loads(run("kb", "stats", "--json").output)
    assert stats["documents"] == 1 and stats["chunks"] >= 2
    listing = json.loads(run("docs", "list", "--json").output)
    doc_id = listing[0]["doc_id"]
    assert listing[0]["effective_from"] == "2021-06-01"
    shown = run("docs", "show", doc_id[:6], "--chunks")
    assert "第四十二条" in shown.output and "effective_from: 2021-06-01" in shown.output
    assert run("docs", "delete", doc_id, "--yes").exit_code == 0
    assert json.loads(run("kb", "stats", "--json").output)["documents"] == 0
    missing = run("docs", "show", "nonexistent")
    assert missing.exit_code != 0 and "no document matches" in missing.output


def test_bad_date_option_is_a_clear_error(run, cli_env):
    result = run("ask", "专利", "--as-of", "2023-02-30")
    assert result.exit_code == 2 and "is not a date" in result.output


def test_unknown_document_type_is_a_clear_error(run, cli_env):
    """A misspelt type used to filter everything out and answer 'not found'; it names the allowed types."""
    result = run("ask", "专利", "--doc-type", "laws")
    assert result.exit_code == 2 and "'laws' is not one of" in result.output and "judicial_interpretation" in result.output


def test_docs_show_lists_the_other_versions_of_the_instrument(run, cli_env):
    corpus = _write_corpus(cli_env / "corpus")
    older = PATENT.replace("测试摘录", "2020年修正")
    newer = PATENT.replace("测试摘录", "2025年修正").replace("2021-06-01 施行", "2026-01-01 施行")
    (corpus / "patent-2020.md").write_text(older, encoding="utf-8")
    (corpus / "patent-2025.md").write_text(newer, encoding="utf-8")
    run("ingest", str(corpus / "patent-2020.md"))
    run("ingest", str(corpus / "patent-2025.md"))
    old = [d for d in json.loads(run("docs", "list", "--all", "--json").output) if d["effective_from"] == "2021-06-01"][0]
    shown = run("docs", "show", old["doc_id"])
    assert "other version" in shown.output and "2026-01-01" in shown.output


PATENT_2020 = PATENT.replace("测试摘录", "2020年修正")
PATENT_2008 = PATENT.replace("测试摘录", "2008年修正").replace(
    "2020-10-17 修正（2021-06-01 施行）", "2008-12-27 修正（2009-10-01 施行）").replace(
    "实用新型专利权的期限为十年，外观设计专利权的期限为十五年", "实用新型专利权和外观设计专利权的期限为十年")


def test_a_superseded_version_is_cited_as_superseded_in_json(run, cli_env):
    folder = _write_corpus(cli_env / "corpus")
    (folder / "patent2008.md").write_text(PATENT_2008, encoding="utf-8")
    (folder / "patent2020.md").write_text(PATENT_2020, encoding="utf-8")
    run("ingest", str(folder / "patent2008.md"))
    before = json.loads(run("ask", "外观设计专利权的期限", "--json", "--as-of", "2015-01-01").output)
    assert before["citations"][0]["status"] == "in_force"
    run("ingest", str(folder / "patent2020.md"))   # the 2020 version takes over from 2021-06-01
    old = json.loads(run("ask", "外观设计专利权的期限", "--json", "--as-of", "2015-01-01").output)["citations"][0]
    assert "十年" in old["quote"] and old["status"] == "superseded" and old["state_on_as_of"] == "in_force"
    assert old["effective_to"] == "2021-06-01" and old["superseded_by"]
    now = json.loads(run("ask", "外观设计专利权的期限", "--json").output)["citations"][0]
    assert "十五年" in now["quote"] and now["status"] == "in_force"


def test_a_date_before_every_stored_version_says_so(run, cli_env):
    run("ingest", str(_write_corpus(cli_env / "corpus") / "patent.md"))
    answer = json.loads(run("ask", "发明专利权的期限是多久？", "--json", "--as-of", "2019-01-01").output)
    assert answer["found"] and answer["citations"][0]["state_on_as_of"] == "not_yet_in_force"
    assert "not in the library" in answer["notices"][0] or "不在知识库中" in answer["notices"][0]
    assert "二十年" in answer["citations"][0]["quote"]


def test_ask_batch_resolves_follow_ups_from_json_lines(run, cli_env):
    run("ingest", str(_write_corpus(cli_env / "corpus") / "patent.md"))
    lines = ['发明专利权的期限是多久？', json.dumps({"question": "那外观设计呢？", "history": ["发明专利权的期限是多久？"]})]
    result = run("ask", "--json", "--search", "hybrid", "-", input="\n".join(lines) + "\n")
    first, follow = [json.loads(line) for line in result.output.splitlines()]
    assert first["resolved_question"] == first["question"]
    assert follow["question"] == "那外观设计呢？" and follow["resolved_question"] == "外观设计专利权的期限是多久？"
    assert "十五年" in follow["citations"][0]["quote"]
    bad = run("ask", "--json", "-", input='{"history": []}\n')
    assert bad.exit_code != 0 and "needs \"question\"" in bad.output


def test_library_changes_from_the_command_line_are_audited(run, cli_env):
    # A newcomer found CLI ingests, deletes and imports of a served library in no audit record, only the web's.
    patent = _write_corpus(cli_env / "corpus") / "patent.md"
    assert run("ingest", str(patent)).exit_code == 0
    doc_id = json.loads(run("docs", "list", "--json").output)[0]["doc_id"]
    archive = cli_env / "backup.tar.gz"
    assert run("kb", "export", str(archive)).exit_code == 0
    assert run("docs", "delete", doc_id, "--yes").exit_code == 0
    assert run("kb", "import", str(archive)).exit_code == 0
    log = [json.loads(line) for line in (cli_env / "data" / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [entry["action"] for entry in log] == ["ingest", "delete", "import"]
    assert all(entry["user"].endswith("(cli)") and entry["role"] == "cli" for entry in log)
    assert log[0]["files"][0]["status"] == "added" and log[0]["files"][0]["doc_id"] == doc_id
    assert log[1]["doc_id"] == doc_id and log[1]["kb"]["documents"] == 0
    assert log[2]["documents"] == 1 and log[2]["kb"]["documents"] == 1


def test_a_newer_version_of_unknown_origin_is_refused_until_its_source_is_given(run, cli_env):
    # The stored version states where its text comes from; a "newer version" that states nothing is refused whole
    # (user12's fake 专利法 with a 50-year term) and stored once the uploader names its source.
    sourced = cli_env / "patent.md"
    sourced.write_text(PATENT.replace("测试摘录", "2020年第四次修正"), encoding="utf-8")
    assert run("ingest", str(sourced)).exit_code == 0
    fake = cli_env / "patent-2026.md"
    fake.write_text(PATENT.replace('official_text: "yes — written here for the tests"\n', "")
                    .replace("测试摘录", "2026年第五次修正").replace("2020-10-17 修正（2021-06-01 施行）",
                                                                     "2026-01-01 修正（2026-02-01 施行）")
                    .replace("二十年", "五十年"), encoding="utf-8")
    refused = run("ingest", str(fake))
    assert refused.exit_code == 1 and "patent-2026.md: FAILED it would supersede" in refused.output
    assert "states no source of its own" in refused.output
    assert "二十年" in json.loads(run("ask", "发明专利权的期限是多久？", "--json").output)["citations"][0]["quote"]
    given = run("ingest", str(fake), "--source", "NPC gazette (test)")
    assert given.exit_code == 0 and "superseding" in given.output
    cited = json.loads(run("ask", "发明专利权的期限是多久？", "--json").output)["citations"][0]
    assert "五十年" in cited["quote"] and cited["stated_source"] == "NPC gazette (test)"
