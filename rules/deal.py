"""The deal model: the fields an arranger describes, each with a bilingual description, and their validation."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import unicodedata
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from errors import UserError

# Field names follow RULEBOOK §1. Everything is optional: a missing fact makes the rules that
# need it `not_evaluable`, never a pass. Units: amounts in yuan (RMB), dates ISO YYYY-MM-DD,
# shares and percentages as fractions (5 % = 0.05).

Money = float  # RMB yuan unless a field says otherwise
# The largest amount a deal may state: 10^13 yuan (10 trillion). No real figure in an IP ABS deal comes
# near it: China's whole IP ABS market was RMB 14.9 bn (1.5 x 10^10) by 2021, its whole ABS market
# issues about 3 x 10^12 a year, and no company's yearly revenue (the subsidy and originator fields)
# reaches 4 x 10^12. Above it an amount is a typo or the wrong unit (fen, not yuan), refused at load
# with its field named; the checker itself cannot compare numbers from 10^15 (rules.facts.LIMIT).
MAX_AMOUNT = 10**13
# Any other number (a count, a rate, a ratio) from 10^15 on cannot be compared by the checker (rules.facts.LIMIT,
# durable_rules): refused at load, with its field named, instead of failing the check on an internal name.
NUMBER_LIMIT = 10**15
# The five IP ABS models and the listing venues: rule packs scope their rules on these (rules.packs).
Model = Literal["leasing", "supply_chain", "license_fee", "pledge_loan", "bill"]
Venue = Literal["SZSE", "SSE", "NEEQ", "OTC", "interbank", "offshore"]
MODELS: tuple[str, ...] = get_args(Model)
VENUES: tuple[str, ...] = get_args(Venue)
# Every deal date lies in this window. Rules add terms of up to a century to dates (patents,
# trademark renewals, copyright), and date arithmetic past the year 9999 raises: 9999-12-31 is a
# typo or a placeholder, never a deal date, and is reported as one instead of crashing a check.
EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
Day = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
# Unicode direction controls (embeddings, overrides, isolates, marks) reorder how the text around them
# is displayed: a deal name holding U+202E showed the deal id reversed in a signed report. A deal's
# text never needs them, so a text field holding one is refused.
DIRECTION_CONTROLS = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _f(zh: str, en: str, example: Any = None, **constraints: Any) -> Any:
    """An optional field with its bilingual description and one example value."""
    return Field(None, description=f"{zh} / {en}",
                 examples=None if example is None else [example], **constraints)


def _amount(zh: str, en: str, example: float) -> Any:
    return _f(f"{zh}（元）", f"{en} (RMB yuan)", example, ge=0, le=MAX_AMOUNT)


def _share(zh: str, en: str, example: float) -> Any:
    return _f(f"{zh}（0–1 的小数，5% 写 0.05）", f"{en} (fraction 0–1; 5 % is 0.05)", example, ge=0, le=1)


def _date(zh: str, en: str, example: str) -> Any:
    return _f(f"{zh}（YYYY-MM-DD）", f"{en} (ISO date YYYY-MM-DD)", example)


def _flag(zh: str, en: str, example: bool = True) -> Any:
    return _f(f"{zh}（是/否）", f"{en} (true/false)", example)


class _Strict(BaseModel):
    # allow_inf_nan=False: .inf, 1e9999 and NaN are refused with a field error, so every amount a
    # rule compares and every report number is finite (and the JSON report stays standard JSON).
    model_config = ConfigDict(extra="forbid", validate_assignment=False, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _code_in_any_case(cls, value: Any, info: ValidationInfo) -> Any:
        """An allowed value written in another case is that value (`sse` is SSE): they are codes."""
        allowed = _allowed_values(cls.model_fields[info.field_name].annotation)
        if not allowed:
            return value
        if isinstance(value, list):
            return [_spelled_as_allowed(item, allowed) for item in value]
        return _spelled_as_allowed(value, allowed)

    @field_validator("*")
    @classmethod
    def _checkable_number(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= NUMBER_LIMIT:
            raise ValueError(f"is too large: the checker compares numbers below 10^15, and no count, rate or "
                             "ratio in a deal comes near it: check the digits")
        return value

    @field_validator("*")
    @classmethod
    def _no_direction_controls(cls, value: Any) -> Any:
        for text in value if isinstance(value, list) else [value]:
            found = DIRECTION_CONTROLS.search(text) if isinstance(text, str) else None
            if found:
                char = found.group()
                raise ValueError(f"contains U+{ord(char):04X} ({unicodedata.name(char)}), which reorders how text "
                                 "is displayed and could disguise the report; a deal's text never needs it: remove it")
        return value


def _allowed_values(annotation: Any) -> tuple[str, ...]:
    """The values a Literal field (or a list of them) allows; () for any other field."""
    inner = _unwrap(annotation)
    return get_args(inner) if get_origin(inner) is Literal else ()


def _spelled_as_allowed(value: Any, allowed: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return next((code for code in allowed if code.casefold() == value.casefold()), value)
    return value


class Tranche(_Strict):
    name: str | None = _f("档次名称", "tranche name", "优先级A1")
    seniority: Literal["senior", "mezzanine", "subordinated"] | None = _f(
        "受偿顺序：senior 优先级 / mezzanine 中间级 / subordinated 次级", "seniority", "senior")
    size: Money | None = _amount("档次规模", "tranche size", 696000000)
    rating: str | None = _f("评级（如 AAA；次级未评级可不填）", "rating, e.g. AAA (leave empty if unrated)", "AAA")
    coupon: float | None = _f("票面利率（小数，3.8% 写 0.038）", "coupon rate (fraction; 3.8 % is 0.038)", 0.038, ge=0)
    expected_maturity: Day | None = _date("预期到期日", "expected maturity", "2023-04-14")
    holder: str | None = _f("持有人：originator 原始权益人 / affiliate 关联方 / market 市场投资者，或名称",
                            "holder: originator, affiliate, market, or a name", "originator")


class Custodian(_Strict):
    name: str | None = _f("托管人名称", "custodian name", "招商银行股份有限公司")
    type: Literal["commercial_bank", "CSDC", "securities_co", "other"] | None = _f(
        "托管人类型：commercial_bank 商业银行 / CSDC 中国结算 / securities_co 证券公司 / other 其他",
        "custodian type", "commercial_bank")


class EventTriggers(_Strict):
    """Thresholds written into the event-disclosure covenant (shares of outstanding principal)."""
    loss_pct: float | None = _share("触发临时披露的基础资产损失比例（占未偿本金）",
                                    "loss level that triggers event disclosure (of outstanding principal)", 0.10)
    cf_shortfall_pct: float | None = _share("触发临时披露的现金流低于预测的比例",
                                            "cash-flow shortfall against forecast that triggers event disclosure", 0.20)


DisclosureDoc = Literal[
    "prospectus", "legal_opinion", "rating_report", "asset_transfer_agreement",
    "servicing_agreement", "custody_agreement", "related_party_disclosure", "risk_disposal_plan",
    "valuation_report", "true_sale_opinion", "obligor_financials", "pool_selection_memo",
    "cash_flow_model", "trademark_renewal_covenant",
]


class DealTerms(_Strict):
    name: str | None = _f("专项计划名称", "name of the special plan", "南山区-高新投知识产权5号资产支持专项计划")
    venue: Venue | None = _f(
        "挂牌场所：SZSE 深交所 / SSE 上交所 / NEEQ 股转系统 / OTC 柜台 / interbank 银行间 / offshore 境外",
        "listing venue", "SZSE")
    vehicle: Literal["special_plan", "trust", "other"] | None = _f(
        "特殊目的载体：special_plan 资产支持专项计划 / trust 信托 / other 其他", "SPV type", "special_plan")
    model: Model | None = _f(
        "交易模式：leasing 融资租赁 / supply_chain 供应链 / license_fee 许可费 / pledge_loan 质押贷款（含小贷、委托贷款）/ bill 票据",
        "deal model", "pledge_loan")
    establishment_date: Day | None = _date("专项计划成立日", "establishment date of the plan", "2022-04-14")
    amac_filing_date: Day | None = _date("向中国基金业协会报送备案日", "date the AMAC filing was submitted", "2022-04-20")
    no_objection_date: Day | None = _date("交易所无异议函（挂牌条件确认）日期", "date of the exchange's no-objection letter", "2022-03-25")
    issue_date: Day | None = _date("发行日", "issue date", "2022-04-14")
    min_size: Money | None = _amount("计划说明书约定的最低募集规模", "minimum size stated in the prospectus", 200000000)
    raised_size: Money | None = _amount("实际募集规模", "amount actually raised", 206000000)
    issue_size: Money | None = _amount("发行规模", "issue size", 206000000)
    legal_final_maturity: Day | None = _date("法定到期日", "legal final maturity", "2023-10-14")
    expected_maturity: Day | None = _date("预期到期日", "expected maturity", "2023-04-14")
    tranches: list[Tranche] | None = _f("分层（各档次）", "tranches", [{"name": "优先级", "seniority": "senior", "size": 195700000}])
    min_subscription: Money | None = _amount("单笔最低认购金额（面值）", "minimum subscription per investor (face value)", 1000000)
    investor_count: int | None = _f("投资者人数（发行时认购人数，及转让后最多持有人数）",
                                    "number of investors (subscribers at issue and the most holders after transfers)", 15, ge=0)
    all_investors_qualified: bool | None = _flag("投资者均为合格投资者", "every investor is a qualified investor")
    custodian: Custodian | None = _f("托管人", "custodian", {"name": "招商银行", "type": "commercial_bank"})
    cash_sweep_to_plan_account: bool | None = _flag("回款自设立日起归集至专项计划账户", "collections swept to the plan account from establishment")
    collection_account_supervised: bool | None = _flag("回款账户由管理人监管", "collection account supervised by the manager")
    asset_isolation_opinion: bool | None = _flag("法律意见书确认资产隔离（真实出售）", "legal opinion confirms asset isolation (true sale)")
    disclosure_docs: list[DisclosureDoc] | None = _f("已披露/已签署的文件", "documents disclosed or signed",
                                                      ["prospectus", "legal_opinion", "rating_report"])
    disclosure_channel: Literal["exchange_website", "amac_website", "other"] | None = _f(
        "信息披露渠道：exchange_website 交易所指定网站 / amac_website 基金业协会指定网站 / other",
        "disclosure website", "exchange_website")
    annual_report_due: Day | None = _date("首个年度资产管理报告及托管报告的约定披露日", "date the first annual management and custody reports are due", "2023-04-30")
    event_triggers: EventTriggers | None = _f("临时信息披露触发条件", "event-disclosure triggers", {"loss_pct": 0.1, "cf_shortfall_pct": 0.2})


class Manager(_Strict):
    name: str | None = _f("管理人名称", "manager name", "中信证券股份有限公司")
    type: Literal["securities_co", "fund_subsidiary", "other"] | None = _f(
        "管理人类型：securities_co 证券公司 / fund_subsidiary 基金子公司 / other", "manager type", "securities_co")
    has_am_licence: bool | None = _flag("具备（特定）客户资产管理业务资格", "holds the (specific-)client asset-management licence")
    holds_ge5pct_of_originator: bool | None = _flag("管理人持有原始权益人5%以上股份", "manager holds 5 % or more of the originator", False)
    separate_books: bool | None = _flag("专项计划单独建账、分账管理", "separate books for the plan")


class Originator(_Strict):
    name: str | None = _f("原始权益人名称", "originator name", "深圳市高新投小额贷款有限公司")
    country: str | None = _f("注册国家", "country of registration", "CN")
    reg_province: str | None = _f("注册省份（中文，如 广东省）", "province of registration, in Chinese", "广东省")
    reg_city: str | None = _f("注册城市（中文，如 深圳市）", "city of registration, in Chinese", "深圳市")
    reg_district: str | None = _f("注册区（中文，如 南山区）", "district of registration, in Chinese", "南山区")
    is_licensed_lessor: bool | None = _flag("持牌融资租赁公司", "licensed financial-leasing company")
    is_licensed_lender: bool | None = _flag("持牌放贷机构（银行、小额贷款公司等）", "licensed lender (bank, small-loan company …)")
    holds_operating_licence: bool | None = _flag("原始权益人或资产服务机构持有收益权所需的特许经营许可或经营资质",
                                                 "originator or servicer holds the franchise or operating licence the income right needs")
    is_dishonest_debtor: bool | None = _flag("列入失信被执行人名单", "listed as a dishonest judgment debtor", False)
    is_lgfv: bool | None = _flag("属于地方政府融资平台公司", "a local-government financing platform", False)
    ip_misconduct_last_3y: bool | None = _flag("近三年有知识产权严重失信行为", "serious IP misconduct in the last 3 years", False)
    audited_revenue_prev_year: Money | None = _amount("原始权益人上一年度经审计营业收入", "originator's audited revenue of the previous year", 80000000)
    accuracy_undertaking: bool | None = _flag("承诺向管理人提供的信息真实、准确、完整", "undertakes that the information it gives the manager is true, accurate and complete")
    is_sole_purpose_entity: bool | None = _flag("仅为证券化目的设立的主体", "an entity set up solely to securitise", False)


class Servicer(_Strict):
    name: str | None = _f("资产服务机构名称", "servicer name", "深圳市高新投小额贷款有限公司")
    replacement_trigger: bool | None = _flag("约定资产服务机构违约或破产时的更换机制", "documents replace the servicer on default or insolvency")
    backup_servicer: bool | None = _flag("已指定后备资产服务机构", "a backup servicer is named", False)


class RiskRetention(_Strict):
    holder: str | None = _f("风险自留持有人", "holder of the retained interest", "深圳市高新投小额贷款有限公司")
    relation_to_originator: Literal["originator", "affiliate", "sponsor", "original_lender",
                                    "third_party"] | None = _f(
        "持有人与原始权益人的关系", "holder's relation to the originator", "originator")
    pct_of_issue: float | None = _share("自留比例（占发行规模）", "share of the issue retained", 0.05)
    form: Literal["sub", "vertical", "revolving", "random", "first_loss_each", "other"] | None = _f(
        "自留形式：sub 次级 / vertical 垂直 / revolving / random / first_loss_each / other", "form of retention", "sub")
    lockup_until: Day | None = _date("自留锁定至", "retention locked up until", "2023-10-14")
    hedged: bool | None = _flag("自留部分已对冲", "the retained interest is hedged", False)


class CreditEnhancement(_Strict):
    subordination_pct: float | None = _share("次级占比", "subordination (share of the issue)", 0.05)
    oc_ratio: float | None = _f("超额覆盖倍数（基础资产现金流/优先级本息，如 1.05）",
                                "over-collateralisation ratio (pool cash flow / senior debt service, e.g. 1.05)", 1.05, ge=0)
    difference_payment_provider: str | None = _f("差额支付承诺人", "difference-payment provider", "深圳市高新投融资担保有限公司")
    provider_rating: str | None = _f("差额支付/担保人主体评级", "rating of the difference-payment provider or guarantor", "AAA")
    guarantor: str | None = _f("担保人", "guarantor", "深圳市高新投融资担保有限公司")


class Rating(_Strict):
    agency: str | None = _f("评级机构", "rating agency", "联合资信评估股份有限公司")
    agency_qualified: bool | None = _flag("评级机构具备证券评级资质", "agency is qualified to rate securities")
    senior_rating: str | None = _f("优先级目标评级", "target senior rating", "AAA")
    tracking_interval_months: int | None = _f("跟踪评级间隔（月）", "tracking-rating interval (months)", 12, ge=1, le=1200)


class Payment(_Strict):
    date: Day = Field(..., description="应付日（YYYY-MM-DD） / due date (ISO date)", examples=["2023-04-10"])
    amount: Money = Field(..., ge=0, le=MAX_AMOUNT, description="应付金额（元） / amount due (RMB yuan)", examples=[18000000])


IncomeSource = Literal["ppp_or_infrastructure", "municipal_utility", "transport", "public_service",
                       "cinema_tickets", "non_exclusive_admission", "property_service_fee",
                       "commercial_rent_unsecured", "ip_income", "other"]


class Claim(_Strict):
    id: str | None = _f("债权编号", "claim id", "NS-01")
    type: Literal["lease_receivable", "license_fee_receivable", "loan_receivable",
                  "trade_receivable", "bill_receivable", "income_right"] | None = _f(
        "债权类型：lease_receivable 租金债权 / license_fee_receivable 许可费债权 / loan_receivable 贷款债权 / "
        "trade_receivable 应收账款 / bill_receivable 票据 / income_right 未来经营收益权", "claim type", "loan_receivable")
    obligor: str | None = _f("债务人（现金流提供方）", "obligor (cash-flow provider)", "南山科技企业01")
    amount: Money | None = _amount("债权金额（未来现金流）", "claim amount (future cash flow)", 18000000)
    schedule: list[Payment] | None = _f("还款计划（可只列部分，未付各期合计不得超过债权金额）",
                                        "payment schedule (may list part of the claim; the payments not yet made never add up to more than its amount)",
                                        [{"date": "2023-04-10", "amount": 18000000}])
    is_existing_contract: bool | None = _flag("基于已签署的合同", "arises from a signed, existing contract")
    non_assignment: Literal["none", "by_nature", "by_law", "by_contract_monetary",
                            "by_contract_nonmonetary"] | None = _f(
        "转让限制：none 无 / by_nature 依性质不得转让 / by_law 依法不得转让 / by_contract_monetary 约定不得转让（金钱债权）/ "
        "by_contract_nonmonetary 约定不得转让（非金钱债权）", "restriction on assignment", "none")
    debtor_notified: bool | None = _flag("已通知债务人债权转让", "debtor notified of the assignment")
    encumbered: bool | None = _flag("债权附有抵押、质押等权利负担", "claim is encumbered (mortgage, pledge …)", False)
    release_at_transfer: bool | None = _flag("权利负担于转让时解除", "encumbrance released at transfer")
    prior_pledge_or_factoring_registered: bool | None = _flag("已登记在先的质押或保理", "a prior pledge or factoring is registered", False)
    obligor_is_dishonest: bool | None = _flag("债务人为失信主体", "obligor is a listed dishonest entity", False)
    obligor_is_lgfv: bool | None = _flag("债务人为地方融资平台公司", "obligor is a local-government financing platform", False)
    obligor_share_future_cf: float | None = _share("该债务人占资产池未来现金流的比例（不填则按金额计算；同一债务人各笔填同一比例，各债务人合计不超过100%）",
                                                   "this obligor's share of the pool's future cash flow (computed from amounts when empty; the same on each of "
                                                   "the obligor's claims, at most 100 % over all obligors)", 0.08)
    is_local_gov_debt: bool | None = _flag("以地方政府为直接或间接债务人", "a local government is the direct or indirect debtor", False)
    income_source: IncomeSource | None = _f(
        "收益权现金流来源：ppp_or_infrastructure PPP或基础设施运营 / municipal_utility 特许市政设施 / transport 交通设施 / "
        "public_service 公共服务 / cinema_tickets 电影票款 / non_exclusive_admission 非排他入园凭证 / "
        "property_service_fee 物业服务费 / commercial_rent_unsecured 无实质抵押的商业物业租金 / ip_income 知识产权未来收益 / other",
        "source of an income right's cash flow", "municipal_utility")
    last_due_date: Day | None = _date("最后一期应付日", "last due date", "2023-04-10")
    ip_reg_nos: list[str] | None = _f("担保该贷款或产生该债权的知识产权登记号", "register numbers of the IP rights that secure this loan or generate this claim",
                                      ["ZL201610000501.9"])
    lender_type: Literal["bank", "small_loan_company", "entrusted_via_bank", "other"] | None = _f(
        "贷款发放渠道：bank 银行 / small_loan_company 小额贷款公司 / entrusted_via_bank 通过银行发放的委托贷款 / other",
        "how the loan was made", "entrusted_via_bank")
    pledged_receivable: bool | None = _flag("该应收账款已出质", "this receivable is pledged as security", False)
    receivable_pledge_registered: bool | None = _flag("应收账款质押已登记", "the receivable pledge is registered")
    bill_accepted: bool | None = _flag("票据已承兑", "the bill has been accepted")
    defaulted: bool | None = _flag("已违约或信用受损", "defaulted or credit-impaired", False)
    payments_made: int | None = _f("已还款期数", "number of payments already made", 1, ge=0)
    is_securitisation_position: bool | None = _flag("本身为证券化头寸", "itself a securitisation position", False)
    industry: str | None = _f("债务人所属行业", "obligor's industry", "生物医药")
    district: str | None = _f("债务人所在区（中文）", "obligor's district, in Chinese", "南山区")


class Valuation(_Strict):
    appraiser: str | None = _f("评估机构", "appraisal firm", "中金浩资产评估有限责任公司")
    appraiser_registered: bool | None = _flag("评估机构以合伙或公司形式设立", "appraiser set up as a partnership or company")
    appraiser_filed: bool | None = _flag("评估机构已向评估行政管理部门备案", "appraiser filed with the appraisal administration")
    methods_count: int | None = _f("评估方法数量", "number of valuation methods", 2, ge=0)
    single_method_justified: bool | None = _flag("只用一种方法且有依据", "a single method is justified by the standards", False)
    signers_count: int | None = _f("签字评估师人数", "number of appraisers who signed", 2, ge=0)
    value: Money | None = _amount("评估价值", "appraised value", 9000000)
    date: Day | None = _date("评估基准日", "valuation date", "2022-03-01")


class IPRight(_Strict):
    ip_type: Literal["invention", "utility", "design", "trademark", "copyright", "software"] | None = _f(
        "类型：invention 发明 / utility 实用新型 / design 外观设计 / trademark 商标 / copyright 著作权 / software 软件著作权",
        "kind of IP right", "invention")
    reg_no: str | None = _f("专利号/注册号/登记号", "patent, registration or record number", "ZL201610000501.9")
    title: str | None = _f("名称", "title", "一种检测方法")
    register_owner: str | None = _f("登记簿上的权利人", "owner on the register", "南山科技企业01")
    pledgor_or_licensor: str | None = _f("出质人或许可人", "pledgor or licensor", "南山科技企业01")
    co_owners: list[str] | None = _f("其他共有人（无则为空列表）", "other co-owners (empty list if none)", ["华南某大学"])
    all_co_owner_consent: bool | None = _flag("全体共有人书面同意", "every co-owner consented in writing")
    filing_date: Day | None = _date("申请日", "filing date", "2016-03-02")
    grant_date: Day | None = _date("授权公告日/商标注册日", "grant date (trademark: registration date)", "2019-05-14")
    pta_days: int | None = _f("已获批准的专利期限补偿天数", "granted patent-term adjustment (days)", 0, ge=0, le=36_500)
    renewals: int | None = _f("商标已核准续展次数", "trademark renewals already approved", 0, ge=0, le=100)
    annual_fee_paid: bool | None = _flag("专利年费已缴纳", "annual patent fee paid")
    invalidated_or_terminated: bool | None = _flag("已被宣告无效或终止", "declared invalid or terminated", False)
    invalidation_pending: bool | None = _flag("无效宣告请求审理中", "an invalidation request is pending", False)
    invalidation_consent_documented: bool | None = _flag("各方对无效程序知情同意已书面记录", "parties' informed consent to the pending invalidation is documented")
    ownership_dispute: bool | None = _flag("存在权属纠纷", "ownership is disputed", False)
    court_preservation: bool | None = _flag("被法院采取保全措施", "under a court preservation order", False)
    pledged_existing: bool | None = _flag("已存在登记的在先质押", "already under a registered pledge", False)
    pledgee_consent: bool | None = _flag("在先质权人同意许可/转让", "the existing pledgee consents to the licence or transfer")
    same_day_double_filing: bool | None = _flag("同日申请发明和实用新型", "same-day invention/utility double filing", False)
    pledge_reg_no: str | None = _f("质押登记号", "pledge registration number", "Y2022980000501")
    pledge_application_date: Day | None = _date("质押登记申请受理日", "date the pledge registration application was accepted", "2022-03-25")
    pledge_reg_date: Day | None = _date("质押登记日", "pledge registration date", "2022-03-30")
    pledgee: str | None = _f("质权人", "pledgee", "深圳市高新投小额贷款有限公司")
    pledge_contract_written: bool | None = _flag("书面质押合同载明法定内容", "written pledge contract with the required terms")
    forfeiture_clause: bool | None = _flag("质押合同含流质条款", "pledge contract has a forfeiture clause", False)
    foreign_party: bool | None = _flag("出质人或质权人在中国境内无住所", "pledgor or pledgee has no domicile in China", False)
    filed_via_agency: bool | None = _flag("通过中国专利代理机构办理", "filed through a Chinese patent agency")
    licensed: bool | None = _flag("已许可（许可费模式的许可）", "licensed (the licence behind licence-fee claims)", False)
    license_type: Literal["exclusive", "sole", "ordinary", "open"] | None = _f(
        "许可类型：exclusive 独占 / sole 排他 / ordinary 普通 / open 开放许可", "licence type", "exclusive")
    license_effective_date: Day | None = _date("许可合同生效日", "date the licence took effect", "2019-11-15")
    license_recorded_date: Day | None = _date("许可合同备案日", "date the licence was recorded", "2019-12-05")
    transferred: bool | None = _flag("权利本身转让（如售后回租）", "the right itself is transferred (e.g. sale and leaseback)", False)
    transfer_reg_date: Day | None = _date("转让登记日", "transfer registration date", "2018-12-20")
    transfer_written_contract: bool | None = _flag("订立书面转让合同", "written transfer contract")
    transferee_foreign: bool | None = _flag("受让人为外国人、外国企业或组织", "transferee is a foreign party", False)
    export_procedure_done: bool | None = _flag("已履行技术出口等法定程序", "the statutory (technology-export) procedure is done")
    valuation: Valuation | None = _f("评估", "valuation", {"appraiser_registered": True, "appraiser_filed": True, "methods_count": 2, "signers_count": 2, "value": 9000000})
    copyright_author_death_year: int | None = _f("作者死亡年份（自然人作品）", "year the author died (natural-person works)", 1990, ge=1800, le=2200)
    first_publication_date: Day | None = _date("首次发表日", "first publication date", "2015-06-01")
    is_legal_person_work: bool | None = _flag("法人或非法人组织作品/职务作品", "a legal-person work or work for hire", False)


class Pool(_Strict):
    transfer_price: Money | None = _amount("基础资产转让对价", "price paid for the pool", 206000000)
    claims: list[Claim] | None = _f("基础资产（债权）清单", "the claims in the pool", [{"id": "NS-01", "type": "loan_receivable"}])
    ip: list[IPRight] | None = _f("底层知识产权清单", "the IP rights behind the claims", [{"ip_type": "invention", "reg_no": "ZL201610000501.9"}])


class Subsidy(_Strict):
    """Facts for §10 programmes; cities are written in Chinese (南京市, 广州市, 深圳市)."""
    initiator_city: str | None = _f("发起单位所在城市（中文）", "initiator's city, in Chinese", "南京市")
    issuer_city: str | None = _f("发行主体所在城市（中文）", "issuing entity's city, in Chinese", "广州市")
    applicant_city: str | None = _f("申请企业所在城市（中文）", "applying enterprise's city, in Chinese", "深圳市")
    applicant_district: str | None = _f("申请企业所在区（中文）", "applying enterprise's district, in Chinese", "南山区")
    applicant_revenue_prev_year: Money | None = _amount("申请企业（实际获得资金的企业，质押贷款模式为借款企业）上一年度经审计营业收入",
                                                        "prior-year audited revenue of the applying enterprise (the one that receives the money; for pledge loans the borrowing SME)", 50000000)
    financing_in_programme_period: bool | None = _flag("已向主管部门确认本次融资在扶持政策有效期内（不确定则留空）",
                                                       "the programme office confirmed this financing falls inside the programme's period (leave empty if not confirmed)")
    underlying_from_independent_enterprises: bool | None = _flag("底层知识产权来自独立法人企业", "underlying IP acquired from independent legal-person enterprises")
    financing_amount: Money | None = _amount("融资金额", "financing amount", 300000000)
    issued_amount: Money | None = _amount("产品发行金额", "amount of the product issued", 301000000)
    financing_cost: Money | None = _amount("实际融资成本（利息+担保费，不含增值税）", "actual financing cost (interest + guarantee fee, net of VAT)", 600000)
    issuance_amount: Money | None = _amount("申请企业年度通过证券化获得的融资额", "the applying enterprise's securitization borrowing in the year", 15000000)
    loan_settled: bool | None = _flag("借款已结清", "the loan is settled")
    application_date: Day | None = _date("申报日期", "application date", "2025-04-01")
    shelf_size: Money | None = _amount("储架规模", "shelf size", 300000000)
    first_issue_size: Money | None = _amount("首期发行规模", "first issue size", 100000000)
    first_issue_date: Day | None = _date("首期发行日", "first issue date", "2025-09-01")
    local_ip_share: float | None = _share("本地企业自有知识产权占资产池比例", "share of the pool that is local enterprises' own IP", 0.8)
    is_lender_or_guarantor: bool | None = _flag("申请人为贷款人或担保人", "applicant is the lender or guarantor", False)
    is_sme: bool | None = _flag("申请人为中小企业", "applicant is an SME")
    bad_debt: Money | None = _amount("坏账金额", "bad debt", 2000000)
    pledge_loan_fees: Money | None = _amount("质押贷款评估、担保、保险费用", "appraisal, guarantee and insurance fees of the pledge loan", 100000)
    pledge_loan_interest: Money | None = _amount("质押贷款利息", "interest on the pledge loan", 3000000)
    claims_city_subsidy_too: bool | None = _flag("同时申请市级补贴", "also claims the city-level subsidy", False)


class EUFacts(_Strict):
    """Facts for the EU Securitisation Regulation pack (only when EU parties are involved)."""
    eu_investors: bool | None = _flag("有欧盟机构投资者", "EU institutional investors buy", False)
    sts_label_sought: bool | None = _flag("申请 STS 标签", "the STS label is sought", False)
    retail_sale: bool | None = _flag("向零售客户销售", "sold to retail clients", False)
    investor_due_diligence_done: bool | None = _flag("投资者已完成尽职调查", "investors' due diligence done")
    reporting_entity_designated: bool | None = _flag("已指定报告主体", "a reporting entity is designated")
    sspe_country: str | None = _f("SSPE 设立国家", "country of the SSPE", "IE")
    sspe_high_risk_or_noncooperative: bool | None = _flag("SSPE 设立于高风险或不合作税收管辖区", "SSPE in a high-risk or non-cooperative jurisdiction", False)
    originator_in_eu: bool | None = _flag("原始权益人设立于欧盟", "originator established in the EU", False)
    sponsor_in_eu: bool | None = _flag("发起机构设立于欧盟", "sponsor established in the EU", False)
    sspe_in_eu: bool | None = _flag("SSPE 设立于欧盟", "SSPE established in the EU", False)
    retained_interest_hedged: bool | None = _flag("自留利益已对冲", "retained interest hedged", False)
    repayment_depends_on_asset_sale: bool | None = _flag("偿付主要依赖出售担保资产", "repayment depends predominantly on selling the assets", False)
    performance_history_years: float | None = _f("历史表现数据年数", "years of performance data", 5, ge=0)


class Deal(_Strict):
    """A proposed IP ABS deal in any of the five models (RULEBOOK §1 field dictionary)."""
    id: str = Field("deal", description="交易标识（文件内唯一） / deal id", examples=["nanshan-gti-5"])
    name: str | None = _f("交易名称", "deal name", "南山区-高新投知识产权5号资产支持专项计划（科技创新）")
    as_of: Day | None = _date("判断日（不填则用发行日或成立日）", "date the deal is judged at (default: issue or establishment date)", "2022-04-14")
    deal: DealTerms | None = _f("交易条款", "deal terms", {"venue": "SZSE", "model": "pledge_loan"})
    manager: Manager | None = _f("管理人", "manager", {"name": "中信证券股份有限公司", "type": "securities_co"})
    originator: Originator | None = _f("原始权益人", "originator", {"name": "深圳市高新投小额贷款有限公司"})
    servicer: Servicer | None = _f("资产服务机构", "servicer", {"name": "深圳市高新投小额贷款有限公司"})
    risk_retention: RiskRetention | None = _f("风险自留", "risk retention", {"pct_of_issue": 0.05, "form": "sub"})
    credit_enhancement: CreditEnhancement | None = _f("信用增级", "credit enhancement", {"subordination_pct": 0.05})
    rating: Rating | None = _f("评级", "rating", {"senior_rating": "AAA"})
    pool: Pool | None = _f("资产池", "the pool", {"claims": [], "ip": []})
    subsidy: Subsidy | None = _f("扶持政策申请事实", "facts for subsidy programmes", {"applicant_city": "深圳市"})
    eu: EUFacts | None = _f("欧盟相关事实", "EU facts", {"eu_investors": False})


# ---------------------------------------------------------------- errors


class DealError(UserError):
    """A deal that could not be read; `problems` lists every one (each naming its field), `str()` one per line."""

    exit_code = 2   # like a usage error: nothing was checked

    def __init__(self, problems: list[str], source: str = ""):
        self.problems = problems
        self.source = source
        super().__init__("\n".join(problems), source, message="\n".join(problems))

    def explain(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return "\n".join([f"{where}the deal has {len(self.problems)} problem(s):", *(f"  - {p}" for p in self.problems)])


def _loc_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{clip(str(part))}" if out else clip(str(part)))
    return out or "(top level)"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]|" + DIRECTION_CONTROLS.pattern)  # escaped: they would garble the line
SHOWN_CHARS = 80  # a value or key quoted in a problem is cut to this: a problem stays one short line


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    """Text for one short line: control characters escaped, cut to `limit` characters."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _shown(value: Any) -> str:
    """repr() of a bad value, cut short; an int too long for repr() is described instead."""
    try:
        return clip(repr(value))
    except ValueError:  # more than 4,300 digits
        return "(a number too long to show)"


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that owns the last element of `loc` (for did-you-mean hints)."""
    model: Any = Deal
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _unwrap(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and list[...] down to the model inside."""
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        elif origin is list:
            annotation = get_args(annotation)[0]
        else:
            return annotation


def _describe(error: dict) -> str:
    loc = tuple(error["loc"])
    where = _loc_text(loc)
    kind, msg = error["type"], clip(error["msg"])
    value = _shown(error.get("input"))
    if kind == "extra_forbidden":
        model = _model_at(loc)
        hint = ""
        if model is not None:
            close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
            hint = f" — did you mean '{close[0]}'?" if close else ""
        return f"{where}: unknown field{hint}"
    if kind.startswith("date_from_datetime") or kind.startswith("date_"):
        return f"{where}: {value} is not a valid date ({msg.lower()}); write YYYY-MM-DD"
    if kind == "less_than_equal" and error["ctx"]["le"] == MAX_AMOUNT:
        return (f"{where}: {value} yuan is more than {_yuan(MAX_AMOUNT)} (10^13), the most an amount may be: "
                "no IP ABS deal or company comes near it; check the digits and that the amount is in yuan, not fen")
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{where}: {value} is out of range ({msg.lower()})"
    if kind == "literal_error":  # pydantic's list of the allowed values, spelled exactly as they are
        return f"{where}: {value} is not allowed; {msg[:1].lower()}{msg[1:]}"
    if kind == "value_error":   # our own validators' reasons
        return f"{where}: {value} {error['ctx']['error']}"
    if kind == "missing":
        return f"{where}: required field is missing"
    return f"{where}: {msg.lower()} (got {value})"


# ---------------------------------------------------------------- facts that contradict each other
# Fields can each be valid and impossible together (filed with AMAC before the plan exists, no
# investor for money raised). Rules reading them print nonsense ("filed -15 working days after
# establishment, past the deadline"), so they are refused as deal problems, like a bad field.

# Shares are usually written to the whole percent, so each obligor's may be half a point off its exact
# share: high (the sum of the obligors' stated shares) or low (a stated share against its amounts).
SHARE_ROUNDING = 0.005
FLOAT_SLACK = 1e-9  # the float error of a sum or a quotient of shares
# Each scheduled payment may be rounded up to the next yuan.
PAYMENT_ROUNDING = 1.0


def _contradictions(terms: DealTerms | None, pool: Pool | None) -> list[str]:
    """Every set of facts in the deal terms and the pool that cannot all be true, one line each."""
    problems = []
    if terms is not None:
        problems += [*_filed_before_established(terms), *_matures_before_issue(terms),
                     *_raised_without_investors(terms)]
    claims = (pool.claims if pool else None) or []
    for i, claim in enumerate(claims):
        problems += _schedule_exceeds_claim(claim, f"pool.claims[{i}]")
    return [*problems, *_shares_over_whole(claims), *_one_share_per_obligor(claims), *_shares_against_amounts(claims)]


def _filed_before_established(terms: DealTerms) -> list[str]:
    filed, established = terms.amac_filing_date, terms.establishment_date
    if filed is None or established is None or filed >= established:
        return []
    return [f"deal.amac_filing_date: {filed} is before deal.establishment_date {established}; a plan is filed "
            "with AMAC after it is established: check both dates"]


def _matures_before_issue(terms: DealTerms) -> list[str]:
    """Compared with the later of the issue and establishment dates: the securities exist from both."""
    starts = [(day, name) for name, day in (("issue_date", terms.issue_date),
                                             ("establishment_date", terms.establishment_date)) if day]
    maturity = terms.legal_final_maturity
    if maturity is None or not starts or maturity >= max(starts)[0]:
        return []
    start, name = max(starts)
    return [f"deal.legal_final_maturity: {maturity} is before deal.{name} {start}; securities mature after "
            "they are issued: check both dates"]


def _raised_without_investors(terms: DealTerms) -> list[str]:
    if terms.investor_count != 0 or not terms.raised_size:
        return []
    return [f"deal.investor_count: 0, yet deal.raised_size is {_yuan(terms.raised_size)}; money raised was "
            "subscribed by someone: give the number of investors"]


def _schedule_exceeds_claim(claim: Claim, where: str) -> list[str]:
    """A schedule may list only part of a claim (the rules only ask that there is one), so only a
    schedule promising more than the claim's amount is impossible. The amount is the claim's future
    cash flow: the first `payments_made` payments (by date) are already paid and are not counted."""
    if claim.amount is None or not claim.schedule:
        return []
    due = sorted(claim.schedule, key=lambda payment: payment.date)[claim.payments_made or 0:]
    total = sum(payment.amount for payment in due)
    if total <= claim.amount + PAYMENT_ROUNDING * len(due):
        return []
    return [f"{where}.schedule: the payments still due add up to {_yuan(total)}, more than the claim's amount "
            f"{_yuan(claim.amount)} (its future cash flow); a schedule may cover part of a claim, never more"]


def obligor_groups(names: list[str | None]) -> list[tuple[str | None, list[int]]]:
    """The claims of each obligor: (its name, the claims' positions), in order of first appearance. A claim
    naming no obligor (None or empty) is an obligor of its own. One grouping for the load checks here and
    for the shares rules read (rules.derived.obligors)."""
    named: dict[str, list[int]] = {}
    out: list[tuple[str | None, list[int]]] = []
    for i, name in enumerate(names):
        if not name:
            out.append((None, [i]))
        elif name in named:
            named[name].append(i)
        else:
            named[name] = [i]
            out.append((name, named[name]))
    return out


def _obligor_label(name: str | None, claims: list[int]) -> str:
    return name if name else f"claim #{claims[0] + 1}"


def _shares_over_whole(claims: list[Claim]) -> list[str]:
    """Stated shares of distinct obligors are parts of one pool: together at most 100 %. A stated share
    is the obligor's (the largest stated on its claims), and a claim naming no obligor is an obligor
    of its own."""
    shares: dict[str, float] = {}
    for name, own in obligor_groups([claim.obligor for claim in claims]):
        stated = [claims[i].obligor_share_future_cf for i in own if claims[i].obligor_share_future_cf is not None]
        if stated:
            shares[_obligor_label(name, own)] = max(stated)
    total = sum(shares.values())
    if total <= 1 + SHARE_ROUNDING * len(shares) + FLOAT_SLACK:
        return []
    each = clip(", ".join(f"{name} {_pct(share)}" for name, share in shares.items()))
    return [f"pool.claims[].obligor_share_future_cf: the shares of {len(shares)} distinct obligors add up to "
            f"{_pct(total)} ({each}), more than the whole pool's future cash flow"]


def _one_share_per_obligor(claims: list[Claim]) -> list[str]:
    """An obligor has one share of the pool, stated the same on each of its claims (the field says so):
    two different numbers cannot both be it. Written values of one share have no reason to differ, so
    only float noise is forgiven, not SHARE_ROUNDING."""
    problems = []
    for name, own in obligor_groups([claim.obligor for claim in claims]):
        stated = [(i, claims[i].obligor_share_future_cf) for i in own if claims[i].obligor_share_future_cf is not None]
        for i, share in stated[1:]:
            first, first_share = stated[0]
            if abs(share - first_share) > FLOAT_SLACK:
                problems.append(
                    f"pool.claims[{i}].obligor_share_future_cf: obligor {clip(name or '?')} has {_pct(first_share)} on "
                    f"pool.claims[{first}] but {_pct(share)} here; an obligor has one share of the pool's future "
                    "cash flow, the same on each of its claims: state one share")
                break
    return problems


def _shares_against_amounts(claims: list[Claim]) -> list[str]:
    """A claim's amount is its future cash flow, so when every claim has one, an obligor's share of the
    pool is its claims' amounts over the pool's: a stated share further from that than SHARE_ROUNDING
    (a share written to the whole percent) states a different pool, and rules would read two shares."""
    amounts = [claim.amount for claim in claims]
    if not amounts or any(a is None for a in amounts) or sum(amounts) <= 0:
        return []
    total = sum(amounts)
    problems = []
    for name, own in obligor_groups([claim.obligor for claim in claims]):
        owed = sum(amounts[i] for i in own)
        share = owed / total
        for i in own:
            stated = claims[i].obligor_share_future_cf
            if stated is None or abs(stated - share) <= SHARE_ROUNDING + FLOAT_SLACK:
                continue
            whose = f"obligor {clip(name)}'s claims" if name else "this claim"
            problems.append(
                f"pool.claims[{i}].obligor_share_future_cf: {_pct(stated)} is stated, but the amounts give "
                f"{_pct(share)} ({whose} {_yuan(owed)} of the pool's {_yuan(total)}); a claim's amount is its "
                "future cash flow, so the share is what the amounts give: correct the share or the amounts")
    return problems


def _yuan(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00") + " yuan"


def _pct(share: float) -> str:
    return f"{share * 100:.1f}".removesuffix(".0") + " %"


def _section(data: dict, name: str, failed: set) -> Any:
    """The deal's top-level section `name` validated alone; None when absent or it has a field error."""
    if name in failed or not isinstance(data.get(name), dict):
        return None
    return _unwrap(Deal.model_fields[name].annotation).model_validate(data[name])


def validate_deal(data: Any, source: str = "") -> Deal:
    """Validate a mapping into a Deal, raising DealError with every problem at once: each field error, and each set
    of facts that contradict each other (rules would misread them). With a `source` (the file it was read from) a
    deal that is no set of fields is said to be the file's fault, in words (S3-7)."""
    whole = "the file" if source else "the deal"
    if data is None:
        raise DealError([f"{whole} is empty: no deal fields (start from a sample deal under rules/samples/)"], source)
    if not isinstance(data, dict):
        shape = {list: "a list", str: "a single text", int: "a number", float: "a number", bool: "true/false"}
        raise DealError([f"{whole} holds {shape.get(type(data), 'a single value')}, not the deal's fields "
                         "(name: value, one a line)"], source)
    try:
        deal = Deal.model_validate(data)
    except ValidationError as exc:
        # the sections without a field error are checked for contradictions too: every problem at once
        failed = {error["loc"][0] for error in exc.errors() if error["loc"]}
        raise DealError([*(_describe(e) for e in exc.errors()),
                         *_contradictions(_section(data, "deal", failed), _section(data, "pool", failed))],
                        source) from None
    problems = _contradictions(deal.deal, deal.pool)
    if problems:
        raise DealError(problems, source)
    return deal


def deal_schema() -> dict:
    """The JSON Schema of a deal file."""
    return Deal.model_json_schema()


def schema_paths() -> set[str]:
    """Every field path a rule may read, with list items written `[]` (pool.ip[].reg_no)."""
    out: set[str] = set()

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{prefix}{name}"
            out.add(path)
            is_list = get_origin(_strip_optional(info.annotation)) is list
            inner = _unwrap(info.annotation)
            if is_list:
                out.add(f"{path}[]")
                path = f"{path}[]"
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                walk(inner, path + ".")

    walk(Deal, "")
    return out


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        return next(a for a in get_args(annotation) if a is not type(None))
    return annotation
