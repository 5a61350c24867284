"""`ipabs intake` on a Word patent list: a number that does not add up is shown to confirm, and each patent's
missing facts are listed to ask for, in the summary, the YAML header, the sidecar and the web import report."""
from __future__ import annotations

import json

from rules.intake import TextLine, draft_deal

ROWS = [["1", "一种检测装置", "ZL202310397744.0", "发明", "丙科技有限公司", "2023年4月14日"],
        ["2", "一种天线阵列", "ZL202111118032.8", "发明", "丙科技有限公司", ""],            # no filing date
        ["3", "一种检测方法", "ZL202011472880.7", "发明", "丙科技有限公司", "2020年12月15日"]]   # should be .4


def patent_list(path, after: tuple[str, ...] = ()):
    from docx import Document

    doc = Document()
    for text in ("甲-乙知识产权1期资产支持专项计划", "计划管理人：甲证券股份有限公司", "原始权益人：乙小额贷款有限公司",
                 "基础资产：原始权益人对借款人享有的以专利权质押担保的贷款债权", "质押专利清单"):
        doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells, ["序号", "专利名称", "专利号", "专利类型", "专利权人", "申请日"]):
        cell.text = text
    for row in ROWS:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    for text in after:
        doc.add_paragraph(text)
    doc.save(path)
    return path


def test_the_summary_yaml_and_sidecar_show_what_to_confirm_and_what_to_ask(run, tmp_path):
    source = patent_list(tmp_path / "专利清单.docx")
    out = tmp_path / "deal.yaml"
    result = run("intake", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    to_confirm = result.output.split("To confirm")[1].split("To ask")[0]
    assert "pool.ip[2].reg_no = ZL202011472880.7 (kept as written): check digit is 7, but 202011472880 gives 4" in to_confirm
    assert "[专利清单.docx: 3 | 一种检测方法 | ZL202011472880.7" in to_confirm
    to_ask = result.output.split("To ask the originator")[1].split("Not found")[0]
    assert "pool.ip[1] ZL202111118032.8: filing date (申请日), which sets the expiry" in to_ask
    assert "each of the 3 rights:" in to_ask and "pledge registration" in to_ask
    assert "not found in the documents read" in result.output and "no document gave" not in result.output
    header = out.read_text(encoding="utf-8").split("\nid: ")[0]
    assert "#   pool.ip[2].reg_no = ZL202011472880.7 (kept as written)" in header
    assert "#   pool.ip[1] ZL202111118032.8: filing date" in header
    sidecar = json.loads((tmp_path / "deal.evidence.json").read_text(encoding="utf-8"))
    [doubt] = sidecar["to_confirm"]
    assert (doubt["path"], doubt["file"], doubt["kept"]) == ("pool.ip[2].reg_no", "专利清单.docx", True)
    assert [a["right"] for a in sidecar["to_ask"]][1] == "pool.ip[1] ZL202111118032.8"
    assert sidecar["fields"]["pool.ip[2].reg_no"]["value"] == "ZL202011472880.7"   # kept, not dropped


def test_the_web_import_report_shows_both_lists():
    from app.web.intake_view import report_html

    lines = [TextLine("清单.pdf", 2, t) for t in (
        "甲-乙知识产权1期资产支持专项计划", "计划管理人：甲证券股份有限公司", "基础资产：原始权益人对承租人享有的租金债权",
        "专利号 | 专利名称 | 专利权人", "ZL202011472880.7 | 一种检测方法 | 丙科技有限公司")]
    html = report_html(draft_deal(lines))
    assert "To confirm" in html and "ZL202011472880.7" in html and "check digit is 7, but 202011472880 gives 4" in html
    assert "清单.pdf p.2" in html
    assert "To ask the originator" in html and "filing date (申请日), which sets the expiry" in html


def test_a_pledge_date_stated_for_all_the_patents_is_read_not_asked_for(run, tmp_path):
    stated = "上述专利均已质押予原始权益人，质权登记日为2024年5月20日。"
    source = patent_list(tmp_path / "专利清单.docx", after=(stated,))
    result = run("intake", str(source), "--out", str(tmp_path / "deal.yaml"))
    assert result.exit_code == 0, result.output
    assert "pledge registration and application dates" not in result.output.split("To ask the originator")[1]
    sidecar = json.loads((tmp_path / "deal.evidence.json").read_text(encoding="utf-8"))
    for at in range(3):
        date, pledgee = sidecar["fields"][f"pool.ip[{at}].pledge_reg_date"], sidecar["fields"][f"pool.ip[{at}].pledgee"]
        assert (date["value"], pledgee["value"]) == ("2024-05-20", "乙小额贷款有限公司")
        assert date["sources"][0]["text"] == stated
