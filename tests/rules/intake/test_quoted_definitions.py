"""释义 lines that quote their term ('“计划管理人”：指…；') name the parties and the model."""
from __future__ import annotations

from rules.intake import TextLine, draft_deal

DEFINITIONS = [TextLine("计划说明书.pdf", 4, text) for text in (
    "青禾知识产权1期资产支持专项计划说明书",
    "“计划管理人”：指东岳证券资产管理有限公司；",
    "“原始权益人”：指青禾科技融资租赁有限公司；",
    "“托管人”：指江淮银行股份有限公司合肥分行；",
    "“差额支付承诺人”：指青禾控股集团有限公司；",
    "“基础资产”：指原始权益人依据专利实施许可合同对被许可人享有的许可使用费债权及其附属担保权益；",
)]


def test_quoted_terms_with_full_width_colon_and_zhi_name_each_party():
    found = draft_deal(DEFINITIONS).found()
    assert found["manager.name"] == "东岳证券资产管理有限公司"
    assert found["originator.name"] == "青禾科技融资租赁有限公司"
    assert found["deal.custodian.name"] == "江淮银行股份有限公司合肥分行"
    assert found["credit_enhancement.difference_payment_provider"] == "青禾控股集团有限公司"


def test_quoted_underlying_asset_definition_gives_the_model_with_its_line_as_evidence():
    draft = draft_deal(DEFINITIONS)
    assert draft.found()["deal.model"] == "license_fee"
    assert draft.evidence["deal.model"][0].evidence.text.startswith("“基础资产”：指")


def test_corner_bracket_quotes_are_read_too():
    lines = [TextLine("释义.txt", None, "「计划管理人」：指北辰证券股份有限公司；"),
             TextLine("释义.txt", None, "北辰-青禾1期资产支持专项计划")]
    assert draft_deal(lines + DEFINITIONS[4:5]).found()["manager.name"] == "北辰证券股份有限公司"


def test_a_quoted_term_that_is_no_role_names_nobody():
    lines = DEFINITIONS[:1] + [TextLine("计划说明书.pdf", 4, "“监管银行”：指江淮银行股份有限公司合肥分行；")]
    found = draft_deal(lines + DEFINITIONS[1:2]).found()
    assert "deal.custodian.name" not in found and "servicer.name" not in found
