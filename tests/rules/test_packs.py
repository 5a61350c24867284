"""Pack loading: structure, R-only blocking refused, unknown fields, basis conventions."""
from __future__ import annotations

import re

import pytest

from rules.packs import PackError, find_rule, load_pack, load_packs
from tests.shared import CORPUS, missing

from .conftest import make_pack, minimal_rule, write_pack


def test_builtin_packs_have_name_version_and_rules():
    packs = {p.name: p for p in load_packs()}
    assert set(packs) == {"cn-ipabs", "cn-subsidy", "eu-securitisation"}
    for pack in packs.values():
        assert pack.version
    assert len(packs["cn-subsidy"].programmes) >= 6
    for prog in packs["cn-subsidy"].programmes:
        assert prog.as_of and prog.source


def test_r_only_blocking_rule_is_refused(tmp_path):
    rule = minimal_rule(severity="blocking",
                        basis=[{"instrument": "某规定", "article": "第一条", "verification": "R"}],
                        tests=[{"expect": "pass", "deal": {"deal": {"investor_count": 1}}},
                               {"expect": "fail", "deal": {"deal": {"investor_count": 300}}}])
    with pytest.raises(PackError, match="blocking but every basis is R"):
        make_pack(tmp_path, [rule])
    rule["severity"] = "warning"
    rule["tests"][1]["expect"] = "warn"
    assert make_pack(tmp_path, [rule]).rules[0].severity == "warning"


def test_unknown_field_in_condition_is_refused(tmp_path):
    with pytest.raises(PackError, match="unknown field 'deal.investor_cnt'"):
        make_pack(tmp_path, [minimal_rule(condition="deal.investor_cnt <= 200")])
    with pytest.raises(PackError, match="unknown field 'pool.ip\\[\\].anual_fee_paid'"):
        make_pack(tmp_path, [minimal_rule(condition="all(ip in pool.ip : ip.anual_fee_paid)")])


def test_bad_expression_and_structure_errors_name_file_and_rule(tmp_path):
    with pytest.raises(PackError) as info:
        make_pack(tmp_path, [minimal_rule(condition="deal.investor_count <=")])
    assert "test-pack.yaml T-01" in str(info.value)
    with pytest.raises(PackError, match="T-01: severity"):
        make_pack(tmp_path, [minimal_rule(severity="fatal")])
    with pytest.raises(PackError, match="duplicate rule id"):
        make_pack(tmp_path, [minimal_rule(), minimal_rule()])
    with pytest.raises(PackError, match="passing and one failing"):
        make_pack(tmp_path, [minimal_rule(tests=[{"expect": "pass", "deal": {}}, {"expect": "pass", "deal": {}}])])


def test_basis_conventions():
    for pack in load_packs():
        for item in pack.items:
            for b in item.basis:
                assert "中华人民共和国" not in b.instrument, item.id
                if b.instrument.startswith("Regulation (EU)"):
                    assert re.fullmatch(r"Article \d+", b.article), (item.id, b.article)
                elif b.instrument == PRACTICE:  # market practice is not an instrument: no article
                    assert b.article == "无条文", (item.id, b.article)
                elif not b.article.startswith("条款待核实"):
                    assert re.fullmatch(r"第[一二三四五六七八九十百零]+[条项]([第一二三四五六七八九十]+款)?|问题[一二三四五六七八九十]+",
                                        b.article), (item.id, b.article)


PRACTICE = "市场惯例（非规范性文件）"


def test_practice_is_never_cited_as_an_instrument():
    names = {b.instrument for pack in load_packs() for item in pack.items for b in item.basis}
    assert not [n for n in names if "实践" in n or "惯例" in n and n != PRACTICE]


_CORPUS_FILES = {
    "专利法": "CN-L-专利法-2020.md", "专利法实施细则": "CN-R-专利法实施细则-2023.md",
    "商标法": "CN-L-商标法-2019.md", "著作权法": "CN-L-著作权法-2020.md",
    "著作权质权登记办法": "CN-M-著作权质权登记办法-2011.md", "资产评估法": "CN-L-资产评估法-2016.md",
    "证券法": "CN-L-证券法-2019.md", "信托法": "CN-L-信托法-2001.md",
    "广东省知识产权保护条例": "CN-LOCAL-广东-知识产权保护条例-2022.md",
    "广东省版权条例": "CN-LOCAL-广东-版权条例-2022.md",
    "最高人民法院关于审理融资租赁合同纠纷案件适用法律问题的解释": "CN-J-融资租赁解释-2020.md",
    "证券公司及基金管理公司子公司资产证券化业务管理规定": "CN-M-证券公司及基金管理公司子公司资产证券化业务管理规定-2014.md",
    "证券公司及基金管理公司子公司资产证券化业务信息披露指引": "CN-M-证券公司及基金管理公司子公司资产证券化业务信息披露指引-2014.md",
    "私募投资基金监督管理暂行办法": "CN-M-私募投资基金监督管理暂行办法-2014-摘录.md",
    "资产证券化业务基础资产负面清单指引": "CN-SRO-资产证券化业务基础资产负面清单指引-2014.md",
    "资产证券化监管问答（三）": "CN-M-资产证券化监管问答三-2019.md",
    "上海证券交易所融资租赁债权资产支持证券挂牌条件确认指南": "CN-SRO-上海证券交易所融资租赁债权资产支持证券挂牌条件确认指南-2018.md",
    "广东省中新广州知识城条例": "CN-LOCAL-广东-中新广州知识城条例-2022.md",
    "上海市浦东新区建立高水平知识产权保护制度若干规定": "CN-LOCAL-上海-浦东新区建立高水平知识产权保护制度若干规定-2021.md",
    "北京市促进中小企业发展条例": "CN-LOCAL-北京-促进中小企业发展条例-2020.md",
    "北京市专利保护和促进条例": "CN-LOCAL-北京-专利保护和促进条例.md",
    "中国（重庆）自由贸易试验区条例": "CN-LOCAL-重庆-自由贸易试验区条例-2019.md",
}
_NUMERALS = "一二三四五六七八九十"


def _article_heading(label: str) -> str:
    """The line start that holds an article in the corpus: 第N条, a list item （N）, or a question N、."""
    if label.startswith("问题"):
        return re.escape(label[2:] + "、")
    item = re.fullmatch(r"第([一二三四五六七八九十]+)项", label)
    if item:
        return re.escape(f"（{item.group(1)}）")
    return re.match(r"第[一二三四五六七八九十百零]+条", label).group()


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=missing(CORPUS))
def test_verified_articles_exist_in_the_corpus():
    civil = "".join((CORPUS / f).read_text(encoding="utf-8") for f in
                    ("CN-L-民法典-总则编.md", "CN-L-民法典-物权编.md", "CN-L-民法典-合同编.md"))
    for pack in load_packs():
        for item in pack.items:
            for b in item.basis:
                if b.verification != "V" or b.instrument.startswith("Regulation"):
                    continue
                text = civil if b.instrument == "民法典" else \
                    (CORPUS / _CORPUS_FILES[b.instrument]).read_text(encoding="utf-8")
                assert re.search(rf"^{_article_heading(b.article)}", text, re.M), (item.id, b.instrument, b.article)


def test_find_rule_is_case_insensitive():
    assert find_rule("cn-ip-04").id == "CN-IP-04"
    assert find_rule("NOPE") is None


def test_write_pack_helper_roundtrip(tmp_path):
    path = write_pack(tmp_path, [minimal_rule()])
    assert load_pack(path).rules[0].title["en"] == "Test rule"


def test_rules_and_programmes_are_in_force_from_their_first_day_up_to_the_day_before_effective_to():
    # DESIGN.md: "in force on d" means effective_from <= d < effective_to, in kb and rules alike.
    import datetime as dt
    from dataclasses import replace

    rule = next(r for p in load_packs() for r in p.rules)
    programme = next(g for p in load_packs() for g in p.programmes)
    for item in (rule, programme):
        dated = replace(item, effective_from=dt.date(2021, 6, 1), effective_to=dt.date(2024, 1, 1))
        assert not dated.in_force(dt.date(2021, 5, 31))
        assert dated.in_force(dt.date(2021, 6, 1))
        assert dated.in_force(dt.date(2023, 12, 31))
        assert not dated.in_force(dt.date(2024, 1, 1))
