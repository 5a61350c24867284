"""A Word table row with blank cells (the DOCX reader drops them): placed when only one placement fits, never guessed."""
from __future__ import annotations

import datetime as dt

from rules.intake import TextLine, draft_deal

HEAD = ["甲-乙知识产权1期资产支持专项计划", "计划管理人：甲证券股份有限公司", "基础资产：原始权益人对承租人享有的租金债权"]


def found(*rows: str) -> dict:
    return draft_deal([TextLine("清单.docx", None, t) for t in HEAD + list(rows)]).found()


def test_a_blank_last_cell_keeps_the_row_and_the_rows_after_it():
    got = found("专利号 | 专利名称 | 专利权人 | 申请日",
                "ZL202111118032.8 | 一种天线阵列 | 丙科技有限公司",
                "ZL202011472880.4 | 一种检测方法 | 丁科技有限公司 | 2020年12月15日")
    assert got["pool.ip[0].register_owner"] == "丙科技有限公司" and "pool.ip[0].filing_date" not in got
    assert got["pool.ip[1].register_owner"] == "丁科技有限公司"
    assert got["pool.ip[1].filing_date"] == dt.date(2020, 12, 15)


def test_a_blank_owner_cell_is_placed_by_what_the_cells_hold():
    got = found("专利号 | 专利名称 | 专利权人 | 申请日", "ZL202111118032.8 | 一种天线阵列 | 2021年9月23日")
    assert got["pool.ip[0].filing_date"] == dt.date(2021, 9, 23) and "pool.ip[0].register_owner" not in got


def test_one_date_under_two_date_columns_is_not_guessed():
    got = found("专利号 | 专利名称 | 申请日 | 授权公告日", "ZL202111118032.8 | 一种天线阵列 | 2021年9月23日")
    assert "pool.ip[0].filing_date" not in got and "pool.ip[0].grant_date" not in got
    assert got["pool.ip[0].reg_no"] == "ZL202111118032.8"


def test_a_sentence_naming_a_patent_after_a_table_is_no_row_with_blanks():
    got = found("专利号 | 专利名称 | 专利权人", "ZL202111118032.8 | 一种天线阵列 | 丙科技有限公司",
                "质押专利还包括ZL202011472880.4（发明），专利权人为丁科技有限公司。")
    assert got["pool.ip[1].reg_no"] == "ZL202011472880.4"              # the number, not the whole sentence
    assert got["pool.ip[1].register_owner"] == "丁科技有限公司" and got["pool.ip[1].ip_type"] == "invention"
