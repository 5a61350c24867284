"""Amounts, dates and shares as offering documents write them."""
from __future__ import annotations

import datetime as dt

import pytest

from rules.intake.values import cell_amount, cn_integer, find_amount, find_date, find_percent, header_unit


@pytest.mark.parametrize("text", ["7.33亿元", "人民币73,300万元", "733,000,000元", "柒亿叁仟叁佰万元", "七亿三千三百万元"])
def test_one_amount_in_every_spelling(text):
    assert find_amount(text)[0] == 733_000_000


def test_unit_alone_is_not_an_amount():
    assert find_amount("规模（亿元）") is None   # a table header, not zero yuan
    assert find_amount("万元") is None


@pytest.mark.parametrize("text", ["2019年3月28日", "2019.3.28", "2019-03-28", "二〇一九年三月二十八日", "2019 年 3 月 28 日"])
def test_one_date_in_every_spelling(text):
    assert find_date(text)[0] == dt.date(2019, 3, 28)


def test_impossible_dates_are_not_read():
    assert find_date("2019年2月30日") is None
    assert find_date("版本 1.2.3") is None
    assert find_date("9999年1月1日") is None    # outside the deal model's date window


def test_shares():
    assert find_percent("票面利率3.95%")[0] == pytest.approx(0.0395)
    assert find_percent("占比5.11％")[0] == pytest.approx(0.0511)
    assert find_percent("不低于百分之五")[0] == pytest.approx(0.05)


def test_table_cells_take_the_header_unit():
    assert header_unit("规模（亿元）") == "亿" and header_unit("金额（元）") == "" and header_unit("评级") is None
    assert cell_amount("6.50", "亿") == 650_000_000
    assert cell_amount("40,500", "万") == 405_000_000
    assert cell_amount("6.50", None) is None       # no unit anywhere: not read as yuan
    assert cell_amount("300万元", "亿") == 3_000_000  # a cell's own unit wins


def test_chinese_integers():
    assert cn_integer("一百零五") == 105 and cn_integer("十五") == 15 and cn_integer("二〇一九") == 2019
    assert cn_integer("亿") is None and cn_integer("abc") is None
