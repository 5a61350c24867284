"""A trademark table whose 注册号 column holds the bare digits ('45678901', no 第…号) is read."""
from __future__ import annotations

import datetime as dt

from rules.intake import TextLine, draft_deal

TABLE = [TextLine("商标清单.docx", None, text) for text in (
    "远帆知识产权3期资产支持专项计划入池商标清单",
    "商标名称 | 注册号 | 类别 | 注册人 | 注册日",
    "远帆智控 | 56781234 | 第7类 | 芜湖远帆智能装备有限公司 | 2019年10月8日",
    "帆途 | 1234567 | 第42类 | 芜湖远帆智能装备有限公司 | 2016年3月21日",
)]


def test_each_row_gives_a_trademark_with_its_number_owner_and_date():
    found = draft_deal(TABLE).found()
    assert found["pool.ip[0].reg_no"] == "56781234"
    assert found["pool.ip[0].ip_type"] == "trademark"
    assert found["pool.ip[0].title"] == "远帆智控"
    assert found["pool.ip[0].register_owner"] == "芜湖远帆智能装备有限公司"
    assert found["pool.ip[0].grant_date"] == dt.date(2019, 10, 8)
    assert found["pool.ip[1].reg_no"] == "1234567"


def test_bare_digits_are_not_a_number_outside_a_trademark_table():
    lines = [TABLE[0], TextLine("清单.docx", None, "专利名称 | 专利号 | 专利权人"),
             TextLine("清单.docx", None, "一种机床 | 56781234 | 芜湖远帆智能装备有限公司")]
    assert not any(path.startswith("pool.ip") for path in draft_deal(lines).found())


def test_a_cell_of_too_few_digits_is_no_registration_number():
    lines = TABLE[:2] + [TextLine("商标清单.docx", None, "远帆 | 12345 | 第7类 | 芜湖远帆智能装备有限公司 | 2019年10月8日")]
    assert not any(path.startswith("pool.ip") for path in draft_deal(lines).found())
