"""A patent's particulars in brackets broken over lines (as a prospectus, a scan or a text file wraps them) stay with
the patent: a newcomer's scanned 计划说明书 came out with the numbers only, and no word that owner and dates were missing."""
from __future__ import annotations

from app.intake import read_lines
from rules.intake.draft import read_all

WRAPPED = """资产支持专项计划说明书
一、质押专利：ZL201820123456.0（实用新型，专利权人：
    上海微创光电有限公司，申请日2018年5月10日，
    授权日2019年1月8日，质押登记日2024年2月1日）。
二、质押专利：ZL201610654321.5（发明，专利权人：
    上海芯联半导体有限公司，申请日2016年8月3日）。
"""


def test_a_bracket_broken_over_lines_is_read_whole(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    lines = read_lines(path)
    assert [line.text[:8] for line in lines] == ["资产支持专项计划", "一、质押专利：Z", "二、质押专利：Z"]
    found = {f.path: f.value for f in read_all(lines)}
    assert found["pool.ip[0].register_owner"] == "上海微创光电有限公司"
    assert str(found["pool.ip[0].filing_date"]) == "2018-05-10" and str(found["pool.ip[0].pledge_reg_date"]) == "2024-02-01"
    assert str(found["pool.ip[1].filing_date"]) == "2016-08-03"
