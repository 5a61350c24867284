"""The Check and Library handlers called directly, with a real context (Chroma, durable_rules), no browser."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from app.settings import Settings
from app.web import check_tab, library_tab
from app.web.auth import Users
from app.web.context import WebContext

SAMPLES = Path(__file__).resolve().parents[2] / "rules" / "samples"


@pytest.fixture
def ctx(tmp_path) -> WebContext:
    settings = Settings(data_dir=tmp_path / "data", embedding="e5-engine", starter_pack=False, max_file_mb=1)
    return WebContext(settings, Users(None))   # no users file: the local admin


def _audit_actions(ctx: WebContext) -> list[str]:
    path = ctx.data_dir / "audit.jsonl"
    return [line.split('"action": "', 1)[1].split('"', 1)[0] for line in path.read_text().splitlines()]


def test_check_handler_reports_a_sample_deal_and_audits_it(ctx):
    text = (SAMPLES / "supply-chain-iqiyi--over-200-investors.yaml").read_text(encoding="utf-8")
    status, verdict, findings, subsidies, md, html, js, pdf, report, html_path = check_tab.on_check(ctx, text, "")
    assert status == "" and {f.rule_id: f.status for f in report.findings}["CN-S-04b"] == "fail"
    assert "CN-S-04b" in findings and verdict
    assert md["visible"] and Path(md["value"]).is_file() and Path(html_path).suffix == ".html"
    assert _audit_actions(ctx)[-1] == "check"


def test_check_handler_lists_field_problems_instead_of_raising(ctx):
    status, *_rest, report, html_path = check_tab.on_check(ctx, "id: x\ndeal:\n  venue: MOON\n", "")
    assert "deal.venue" in status and report is None and html_path is None
    assert _audit_actions(ctx)[-1] == "check-failed"


def test_whatif_handler_shows_the_verdict_change(ctx):
    text = (SAMPLES / "supply-chain-iqiyi--over-200-investors.yaml").read_text(encoding="utf-8")
    before = check_tab.on_check(ctx, text, "")[8]
    diff = check_tab.on_whatif(ctx, text, "", "deal.investor_count=150", before)
    assert "CN-S-04b" in diff and "deal.investor_count=150" in diff
    assert "path=value" in check_tab.on_whatif(ctx, text, "", "# only a comment", before)


def test_check_upload_handler_refuses_a_file_type_the_deal_reader_does_not_take(ctx, tmp_path):
    bad = tmp_path / "deal.txt"
    bad.write_text("id: x\n", encoding="utf-8")
    text, status, *_form = check_tab.on_upload(ctx, str(bad))
    assert text == gr.skip() and "deal.txt" in status and ".yaml" in status


def test_handlers_check_the_role_before_doing_anything(ctx, tmp_path):
    users_file = tmp_path / "users.yaml"
    Users(users_file).add("vera", "pw-viewer-0123", "viewer")
    ctx.users = Users(users_file)
    viewer = SimpleNamespace(username="vera")
    with pytest.raises(gr.Error):
        check_tab.on_check(ctx, "id: x\n", "", None, viewer)
    with pytest.raises(gr.Error):
        library_tab.on_delete(ctx, "any", True, "", False, viewer)
    assert _audit_actions(ctx) == ["denied", "denied"]


def test_library_upload_ingests_good_files_and_reports_refused_ones(ctx, tmp_path):
    good = tmp_path / "guide.md"
    good.write_text("# 测试指引\n\n第一条 专利权质押应当办理出质登记。\n", encoding="utf-8")
    refused = tmp_path / "macro.exe"
    refused.write_bytes(b"MZ")
    steps = []
    results, listing, picker, emptied = library_tab.on_upload(
        ctx, [str(good), str(refused)], "", "", "", "", "", "", "", "", "", False,
        progress=lambda where, desc="", unit="": steps.append(desc))
    assert "guide.md" in results and "added" in results and ".exe is not accepted" in results
    assert "测试指引" in listing and emptied is None and steps[-1] == "Done"
    doc_id = picker["choices"][0][1]
    assert "专利权质押" in library_tab.on_open(ctx, doc_id)
    notice, listing, picker, confirm = library_tab.on_delete(ctx, doc_id, True, "", False)
    assert "Deleted 测试指引" in notice and picker["choices"] == [] and confirm is False
    assert ctx.kb.documents() == {}
    assert _audit_actions(ctx) == ["upload-file", "upload", "open", "delete"]


def test_the_library_lists_a_version_its_own_source_calls_superseded_as_doubtful():
    # A newcomer saw 深圳证券交易所资产证券化业务指引（2013） listed as "in force" though its status line says SUPERSEDED
    # (no stored version replaces it, so the registry keeps it in force; answers warn, the list did not).
    from kb.records import DocumentRecord

    doubted = DocumentRecord(doc_id="d1", sha256="s1", title="深圳证券交易所资产证券化业务指引（2013）",
                             source_status="SUPERSEDED (older version) — replaced by …")
    plain = DocumentRecord(doc_id="d2", sha256="s2", title="中华人民共和国信托法")
    listed = library_tab.documents_html(library_tab.document_rows([doubted, plain], "", False), "2026-11-28")
    assert listed.count("in force? source says superseded") == 1 and listed.count("in force") == 2


def test_a_deal_imported_from_documents_is_checked_with_what_intake_could_not_confirm(ctx, tmp_path):
    # The web import keeps the draft's evidence record (as `ipabs intake` writes the sidecar): the check repeats the
    # number whose check digit does not add up, until the deal holds another value.
    from app.web import intake_view
    from tests.app.test_intake_patents import patent_list

    with gr.Blocks():
        importer = intake_view.build(ctx)
    code, _status, _report, evidence = importer._draft([str(patent_list(tmp_path / "专利清单.docx"))], None)
    assert [d["path"] for d in evidence["to_confirm"]] == ["pool.ip[2].reg_no"]
    status, verdict, *_rest, html_path = check_tab.on_check(ctx, code, "", evidence)
    assert "resting on 1 value(s) intake could not confirm" in Path(html_path).read_text(encoding="utf-8")
    assert "could not confirm" in verdict   # the warning counsel reads in the verdict box
    fixed = code.replace("- reg_no: ZL202011472880.7", "- reg_no: ZL202011472880.4")
    *_rest, html_path = check_tab.on_check(ctx, fixed, "", evidence)
    assert "could not confirm" not in Path(html_path).read_text(encoding="utf-8")
