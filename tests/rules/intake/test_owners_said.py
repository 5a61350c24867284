"""A right's owner and co-owners stated next to its number: '专利权人深圳甲科技有限公司' (no 为 or colon),
'…专利权人乙公司与丁大学共有', and in English 'patentee X, co-owned with Y'."""
from __future__ import annotations

from rules.intake import TextLine, draft_deal

HEAD = ["星河科技知识产权质押贷款资产支持专项计划 计划说明书（摘要）", "管理人：指华南证券股份有限公司。"]
SOLE = "发明专利 ZL202110123456.7，专利权人深圳甲科技有限公司，申请日2021年3月1日，已于2023年6月20日办理专利权质押登记。"
JOINT = "实用新型专利 ZL202120654321.8，专利权人深圳乙科技有限公司与深圳丁大学共有，申请日2021年4月2日，质押登记日2023年6月10日。"


def draft(*texts: str):
    return draft_deal([TextLine("星河计划说明书.docx", None, t) for t in (*HEAD, *texts)])


def test_an_owner_written_right_after_its_label_is_read_with_its_line():
    result = draft(SOLE)
    assert result.found()["pool.ip[0].register_owner"] == "深圳甲科技有限公司"
    assert result.evidence["pool.ip[0].register_owner"][0].evidence.text == SOLE
    assert "pool.ip[0].co_owners" not in result.found()   # one patentee named: nothing inferred about others


def test_owners_joined_by_yu_and_said_to_be_joint_are_owner_and_co_owner():
    found = draft(JOINT).found()
    assert found["pool.ip[0].register_owner"] == "深圳乙科技有限公司"
    assert found["pool.ip[0].co_owners"] == ["深圳丁大学"]


def test_gongtong_suoyou_and_he_are_joint_ownership_too():
    found = draft("发明专利ZL202110123456.7，专利权人为甲科技有限公司和乙研究院共同所有。").found()
    assert found["pool.ip[0].register_owner"] == "甲科技有限公司"
    assert found["pool.ip[0].co_owners"] == ["乙研究院"]


def test_a_bank_branch_named_he_ping_is_one_name():
    found = draft("发明专利ZL202110123456.7，权利人：丙银行和平支行。").found()
    assert found["pool.ip[0].register_owner"] == "丙银行和平支行"
    assert "pool.ip[0].co_owners" not in found


def test_english_patentee_and_co_owner():
    line = ("Invention patent ZL202110123456.7, patentee: Shenzhen Jia Technology Co., Ltd., "
            "co-owned with Shenzhen Ding University, filed on 2021年3月1日.")
    found = draft(line).found()
    assert found["pool.ip[0].register_owner"] == "Shenzhen Jia Technology Co., Ltd."
    assert found["pool.ip[0].co_owners"] == ["Shenzhen Ding University"]


def test_the_owner_is_no_longer_asked_for_once_read():
    gaps = draft(SOLE, JOINT).gaps
    assert gaps and not any(ask.startswith("owner") for right in gaps for ask in right.asks)


def test_a_pledge_registered_on_a_date_in_the_rights_own_sentence_gives_its_pledge_date():
    found = draft(SOLE).found()
    assert found["pool.ip[0].pledge_reg_date"].isoformat() == "2023-06-20"
