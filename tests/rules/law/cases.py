"""Law-pinning cases: each numeric threshold, date boundary and comparison in the packs is tested
at the boundary and one step beyond, on a sample deal with one fact changed, citing the article
that fixes the number. Kept apart from the packs so that editing a pack cannot edit its proof.

Expectations are written from the law, not from running the checker. Dates are worked out by
hand from the PRC calendar (rest days, holidays and 调休 make-up workdays)."""
from __future__ import annotations

from dataclasses import dataclass, field

W, Q, K, N, B = ("leasing-wenke-1", "supply-chain-iqiyi", "license-fee-guangzhou-kaide",
                 "pledge-loan-nanshan-5", "bill-supply-chain-bills")
W_LATE = "leasing-wenke-1--late-amac-filing"


@dataclass(frozen=True)
class LawCase:
    rule: str
    sample: str
    changes: tuple[str, ...]
    expect: str                 # a status, "refused" (impossible facts), or for a programme "eligible=True amount=…" / "eligible=None"
    cites: str                  # the article that fixes the number
    why: str = ""
    as_of: str | None = None
    packs: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.rule} {self.sample} {' '.join(self.changes) or '(as is)'} -> {self.expect}"


def c(rule, sample, changes, expect, cites, why="", as_of=None) -> LawCase:
    return LawCase(rule, sample, tuple([changes] if isinstance(changes, str) else changes), expect, cites, why, as_of)


ONE_CLAIM = "pool.claims=[{id: X1, obligor: 甲, amount: 1, schedule: [{date: 2023-04-10, amount: 1}], is_existing_contract: true}]"
ONE_IP = ("pool.ip=[{ip_type: invention, reg_no: ZLX, register_owner: 甲, filing_date: 2016-03-02, "
          "pledge_reg_no: YX, valuation: {value: 1}}]")
EU_STS = "eu={sts_label_sought: true}"
EU_INV = "eu={eu_investors: true}"
NJ = "subsidy={{initiator_city: 南京市, underlying_from_independent_enterprises: true, financing_in_programme_period: true, financing_amount: {}}}"
GZ = "subsidy={{issuer_city: 广州市, financing_in_programme_period: true, issued_amount: {}}}"
SZNS = ("subsidy={{applicant_city: 深圳市, applicant_district: 南山区, loan_settled: true, financing_in_programme_period: true, "
        "application_date: {app}, issuance_amount: {iss}, financing_cost: {cost}, applicant_revenue_prev_year: {rev}}}")
HP = "subsidy={{applicant_city: 广州市, applicant_district: 黄埔区, is_lender_or_guarantor: true, financing_in_programme_period: true, bad_debt: {}}}"
NSHA = ("subsidy={{applicant_city: 广州市, applicant_district: 南沙区, is_sme: true, claims_city_subsidy_too: false, "
        "financing_in_programme_period: true, pledge_loan_fees: {}, pledge_loan_interest: {}}}")
QZ = "subsidy={{applicant_city: 泉州市, shelf_size: {}, first_issue_size: {}, first_issue_date: {}, local_ip_share: {}}}"
SZLAW = "subsidy={{applicant_city: 深圳市, issued_amount: {}, issuance_amount: {}}}"

# The third bill of the supply-chain sample made a dishonest obligor's; the other two stay the core obligor's.
DISHONEST_THIRD_BILL = ("pool.claims[2].obligor=失信企业", "pool.claims[2].obligor_is_dishonest=true")


def bill_amounts(third: int) -> tuple[str, ...]:
    """The three bills resized to 40 m, 60 m - third and `third` (a pool of 100 m), schedules and declared shares with them."""
    second = 60_000_000 - third
    return (f"pool.claims[1].amount={second}", f"pool.claims[1].schedule[0].amount={second}",
            f"pool.claims[2].amount={third}", f"pool.claims[2].schedule[0].amount={third}",
            f"pool.claims[0].obligor_share_future_cf={1 - third / 1e8:.4f}",
            f"pool.claims[1].obligor_share_future_cf={1 - third / 1e8:.4f}",
            f"pool.claims[2].obligor_share_future_cf={third / 1e8:.4f}")


def nanshan_top_obligor(last: int) -> tuple[str, ...]:
    """The pledge-loan sample's NS-01 raised to 26 m and NS-12 (its largest obligor) to `last`: the other ten
    loans hold 178 m, so NS-12's share of the pool is last / (204 m + last) (36 m of 240 m is exactly 15 %)."""
    return ("pool.claims[0].amount=26000000", "pool.claims[0].schedule[0].amount=26000000",
            f"pool.claims[11].amount={last}", f"pool.claims[11].schedule[0].amount={last}")


ART29 = "管理规定（2014）第二十九条"
SEC9 = "证券法第九条第二款"
NEG = "负面清单指引（2024修订）第二项（E）"
AMAC = "备案管理办法第八条（E）；管理规定第三十六条（R）"
C203 = "民法典第二百零三条"
PRACTICE = "市场惯例（非规范性文件）— RULEBOOK §7/§14"

CASES: list[LawCase] = [
    # ---------------------------------------------------------------- investors and subscriptions
    c("CN-S-04b", Q, "deal.investor_count=200", "pass", f"{ART29}; {SEC9}", "200 subscribers/holders is allowed"),
    c("CN-S-04b", Q, "deal.investor_count=201", "fail", f"{ART29}; {SEC9}", "more than 200 specific persons is a public offering"),
    c("CN-S-04c", Q, "deal.min_subscription=1000000", "pass", f"{ART29}; 私募办法第十二条", "RMB 1,000,000 is the floor"),
    c("CN-S-04c", Q, "deal.min_subscription=999999", "fail", f"{ART29}; 私募办法第十二条", "one yuan under the floor"),
    c("CN-S-07", N, "deal.raised_size=206000000", "pass", "管理规定（计划设立失败条款，条号待核实）", "raised equals the minimum"),
    c("CN-S-07", N, "deal.raised_size=205999999", "fail", "管理规定（计划设立失败条款，条号待核实）", "one yuan short"),
    c("CN-S-09", N, "deal.issue_size=206000001", "pass", "信息披露指引第二条", "1 yuan rounding tolerance"),
    c("CN-S-09", N, "deal.issue_size=206000002", "warn", "信息披露指引第二条", "2 yuan off is a mismatch"),
    # ---------------------------------------------------------------- AMAC filing: 5 PRC working days
    c("CN-S-05", N, "deal.amac_filing_date=2022-04-21", "pass", AMAC, "est. Thu 2022-04-14; 5th working day Thu 04-21"),
    c("CN-S-05", N, "deal.amac_filing_date=2022-04-22", "fail", AMAC, "6th working day"),
    c("CN-S-05", N, "deal.amac_filing_date=2022-04-14", "pass", AMAC, "same day as establishment"),
    c("CN-S-05", N, "deal.amac_filing_date=2022-04-13", "refused", AMAC, "before establishment is not a filing of the plan: a deal error"),
    c("CN-S-05", W_LATE, "deal.amac_filing_date=2019-02-13", "pass", AMAC,
      "est. 2019-02-01; make-up workdays Sat 02-02 and Sun 02-03 count, Spring Festival 02-04..02-10 does not: 5th working day 02-13"),
    c("CN-S-05", W_LATE, (), "fail", AMAC, "filed 2019-02-14, the 6th working day"),
    # ---------------------------------------------------------------- exchange timing
    c("CN-S-06", N, "deal.no_objection_date=2022-04-13", "pass", "深交所挂牌条件确认业务指南（E）", "letter the day before issue"),
    c("CN-S-06", N, "deal.no_objection_date=2022-04-14", "fail", "深交所挂牌条件确认业务指南（E）", "letter on the issue day does not precede it"),
    # ---------------------------------------------------------------- retention 5 %
    c("CN-R-01a", N, (), "pass", PRACTICE, "sub tranche 10.3 m of 206 m = exactly 5 %"),
    c("CN-R-01a", N, "deal.tranches[1].size=10299999", "fail", PRACTICE, "one yuan under 5 % blocks an SZSE deal"),
    c("CN-R-01d", N, "deal.venue=OTC", "pass", PRACTICE, "exactly 5 % off-exchange"),
    c("CN-R-01d", N, ("deal.venue=OTC", "deal.tranches[1].size=10299999"), "warn", PRACTICE, "under 5 % off-exchange is a warning"),
    c("EU-R-01a", N, EU_INV, "pass", "Regulation (EU) 2017/2402 Article 6(1)", "exactly 5 %"),
    c("EU-R-01a", N, (EU_INV, "deal.tranches[1].size=10299999"), "fail", "Regulation (EU) 2017/2402 Article 6(1)", "under 5 %"),
    c("CN-R-01c", N, "risk_retention.lockup_until=2023-10-14", "pass", PRACTICE, "lock-up to the legal final maturity"),
    c("CN-R-01c", N, "risk_retention.lockup_until=2023-10-13", "warn", PRACTICE, "one day short"),
    # ---------------------------------------------------------------- negative list, concentration (per obligor)
    c("CN-A-03b", B, (*DISHONEST_THIRD_BILL, *bill_amounts(15_000_000)), "pass", NEG,
      "a dishonest provider at exactly 15 % (15 m of 100 m) is not an important provider"),
    c("CN-A-03b", B, (*DISHONEST_THIRD_BILL, *bill_amounts(15_010_000)), "fail", NEG, "above 15 % (15.01 m of 100 m)"),
    c("CN-A-03b", B, (*DISHONEST_THIRD_BILL, "pool.claims[2].obligor_share_future_cf=0.15",
                      "pool.claims[0].obligor_share_future_cf=0.85", "pool.claims[1].obligor_share_future_cf=0.85"), "refused", NEG,
      "declared shares of 85 % and 15 % contradict the 71.4 % and 28.6 % the amounts give (75 m and 30 m of 105 m; "
      "user13): a claim's amount is its future cash flow, so the deal is refused instead of read two ways"),
    c("CN-A-03b", B, (*DISHONEST_THIRD_BILL, "pool.claims[2].obligor_share_future_cf=0.281",
                      "pool.claims[0].obligor_share_future_cf=0.719", "pool.claims[1].obligor_share_future_cf=0.719"), "fail", NEG,
      "declared shares within half a point of the amounts' (28.1 % against 28.57 %) are read as the amounts give them"),
    c("CN-A-03b", B, (*DISHONEST_THIRD_BILL, "pool.claims[2].obligor_share_future_cf=0.28",
                      "pool.claims[0].obligor_share_future_cf=0.72", "pool.claims[1].obligor_share_future_cf=0.72"), "refused", NEG,
      "28 % is more than half a point from the 28.57 % the amounts give"),
    c("CN-A-03b", B, ("pool.claims[2].obligor=失信企业", "pool.claims[2].obligor_share_future_cf=0.15"), "refused", NEG,
      "shares of 100 % and 15 % for two obligors: no pool has 115 %"),
    c("CN-A-03b", B, ("pool.claims[2].obligor_is_dishonest=true",), "fail", NEG,
      "the core obligor owes all three bills (100 %) and is dishonest"),
    c("CN-A-03b", B, ("pool.claims[2].obligor_is_dishonest=true",), "not_applicable", NEG, "the day before the 2024 revision", as_of="2024-03-28"),
    c("CN-A-03b", B, ("pool.claims[2].obligor_is_dishonest=true",), "fail", NEG, "the day the 2024 revision applies", as_of="2024-03-29"),
    c("CN-C-01", N, nanshan_top_obligor(36_000_000), "pass", NEG, "largest obligor exactly 15 % (36 m of 240 m)", as_of="2024-06-01"),
    c("CN-C-01", N, nanshan_top_obligor(36_000_001), "warn", NEG, "one yuan above 15 %, financials not disclosed", as_of="2024-06-01"),
    c("CN-C-01", N, "pool.claims[0].obligor=南山科技企业12", "warn", "RULEBOOK §14 (per-obligor aggregation); " + NEG,
      "NS-01 18 m + NS-12 20 m of 216 m = 17.6 % for one obligor", as_of="2024-06-01"),
    c("CN-C-01", N, nanshan_top_obligor(36_000_001), "not_applicable", NEG, "day before the revision", as_of="2024-03-28"),
    c("CN-C-01", N, nanshan_top_obligor(36_000_001), "warn", NEG, "first day of the revision", as_of="2024-03-29"),
    c("CN-C-03", N, (), "warn", PRACTICE, "all twelve claims in 南山区"),
    c("CN-C-03", N, "pool.claims[0].district=福田区", "pass", PRACTICE, "two districts"),
    c("CN-A-12", N, (), "pass", "负面清单指引第六项（E）", "one asset type"),
    c("CN-A-12", N, "pool.claims[0].type=trade_receivable", "warn", "负面清单指引第六项（E）", "two asset types"),
    c("EU-STS-04", N, EU_STS, "pass", "Regulation (EU) 2017/2402 Article 20(8)", "homogeneous pool"),
    c("EU-STS-04", N, (EU_STS, "pool.claims[0].type=trade_receivable"), "fail", "Regulation (EU) 2017/2402 Article 20(8)", "two types"),
    # ---------------------------------------------------------------- claims identifiable, consideration
    c("CN-A-01", N, (), "pass", "管理规定第三条第一款（E）", "twelve specified claims"),
    c("CN-A-01", N, "pool.claims=[]", "fail", "管理规定第三条第一款（E）", "an empty pool has no asset"),
    c("CN-A-01", N, ONE_CLAIM, "pass", "管理规定第三条第一款（E）", "one claim of one yuan is enough"),
    c("CN-A-01", N, ("pool.claims[0].amount=0", "pool.claims[0].schedule[0].amount=0"), "fail", "管理规定第三条第一款（E）",
      "a claim of zero (its schedule of zero too: a schedule above the claim is refused)"),
    c("CN-A-01", N, "pool.claims[0].schedule=[]", "fail", "管理规定第三条第一款（E）", "no payment schedule"),
    c("CN-A-02", N, "pool.transfer_price=1", "pass", "管理规定第三条第二款（E）", "a positive price"),
    c("CN-A-02", N, "pool.transfer_price=0", "warn", "管理规定第三条第二款（E）", "no consideration"),
    c("CN-A-02", N, "pool.ip[0].valuation.value=1", "pass", "管理规定第三条第二款（E）", "a positive appraisal"),
    c("CN-A-02", N, "pool.ip[0].valuation.value=0", "warn", "管理规定第三条第二款（E）", "a zero appraisal"),
    c("CN-A-10b", W, (), "warn", "民法典第七百三十五条; 融资租赁解释第一条", "three IP rights as lease objects"),
    c("CN-A-10b", W, "pool.ip=[]", "pass", "民法典第七百三十五条; 融资租赁解释第一条", "no IP lease object"),
    # ---------------------------------------------------------------- IP grant, term, expiry (专利法第四十二条: 10 years for a utility model)
    c("CN-IP-01a", N, "pool.ip[0].grant_date=2022-04-14", "pass", "民法典第四百四十条", "granted on the judging day"),
    c("CN-IP-01a", N, "pool.ip[0].grant_date=2022-04-15", "fail", "民法典第四百四十条", "granted a day later"),
    c("CN-IP-04c", N, (), "pass", "专利法第四十二条", "utility filed 2017-06-12 is in force through 2027-06-11", as_of="2027-06-11"),
    c("CN-IP-04c", N, (), "fail", "专利法第四十二条", "expired the day after", as_of="2027-06-12"),
    c("CN-IP-04", N, "pool.claims[1].last_due_date=2027-06-11", "pass", "专利法第四十二条; 著作权质权登记办法第十二条",
      "NS-02 due on the last day of the utility model that secures it (2027-06-11)"),
    c("CN-IP-04", N, "pool.claims[1].last_due_date=2027-06-12", "fail", "专利法第四十二条; 著作权质权登记办法第十二条",
      "NS-02 outlives its utility model by a day"),
    c("CN-IP-04", N, ("pool.claims[1].last_due_date=2027-06-11", "pool.claims[1].ip_reg_nos=[]"), "pass",
      "专利法第四十二条", "no links, but the last claim is due on the first expiry day: every pair is covered"),
    c("CN-IP-04", N, ("pool.claims[1].last_due_date=2027-06-11", "pool.claims[2].last_due_date=2027-09-04"), "pass",
      "专利法第四十二条; RULEBOOK §14 (per loan, per IP right)",
      "NS-03 due 2027-09-04, the last day of its design filed 2017-09-05 (10 years before 2021-06-01), after the pool's first expiry"),
    c("CN-IP-04", N, ("pool.claims[1].last_due_date=2027-06-11", "pool.claims[2].last_due_date=2027-09-05"), "fail",
      "专利法第四十二条", "NS-03 outlives its design by a day"),
    c("CN-IP-05a", N, "deal.legal_final_maturity=2026-06-11", "pass", "market practice (RULEBOOK CN-IP-05, R; no article)", "365 days before the first expiry 2027-06-11"),
    c("CN-IP-05a", N, "deal.legal_final_maturity=2026-06-12", "warn", "market practice (RULEBOOK CN-IP-05, R; no article)", "364 days"),
    c("CN-IP-05b", B, "deal.legal_final_maturity=2029-03-06", "pass", "商标法第三十九条、第四十条", "mark registered 2019-03-07 runs through 2029-03-06"),
    c("CN-IP-05b", B, "deal.legal_final_maturity=2029-03-07", "warn", "商标法第三十九条、第四十条", "a day after the mark expires"),
    c("CN-IP-14", N, "pool.ip[1].pta_days=0", "pass", "专利法第四十二条第二款", "no adjustment on a utility model"),
    c("CN-IP-14", N, "pool.ip[1].pta_days=1", "warn", "专利法第四十二条第二款", "one day of adjustment on a utility model"),
    # ---------------------------------------------------------------- IP ownership and co-owners
    c("CN-IP-03", N, (), "pass", "著作权质权登记办法第十二条", "pledgor is the registered owner"),
    c("CN-IP-03", N, "pool.ip[0].pledgor_or_licensor=其他公司", "fail", "著作权质权登记办法第十二条", "pledgor is not the owner"),
    c("CN-IP-07", N, (), "pass", "专利法第十四条", "no co-owners"),
    c("CN-IP-07", N, ("pool.ip[0].co_owners=[乙大学]", "pool.ip[0].all_co_owner_consent=false"), "fail", "专利法第十四条; RULEBOOK §14 (co-owned pledge)",
      "a pledged patent with a co-owner and no consent fails though the pledge has no licence type"),
    # ---------------------------------------------------------------- transfers and licences
    c("CN-IP-08a", K, ("pool.ip[0].transferred=true", "pool.ip[0].transfer_reg_date=2019-12-20"), "pass", "专利法第十条", "registered on establishment day"),
    c("CN-IP-08a", K, ("pool.ip[0].transferred=true", "pool.ip[0].transfer_reg_date=2019-12-21"), "fail", "专利法第十条", "a day after"),
    c("CN-IP-09a", K, "pool.ip[0].license_recorded_date=2020-02-17", "pass", f"专利法实施细则第十五条第二款; {C203}",
      "effective 2019-11-15; 3 months end Sat 2020-02-15, so Monday 02-17 is the last day"),
    c("CN-IP-09a", K, "pool.ip[0].license_recorded_date=2020-02-18", "warn", f"专利法实施细则第十五条第二款; {C203}", "a day late"),
    c("CN-IP-09c", K, "pool.ip[0].license_recorded_date=2019-12-20", "pass", "专利法实施细则第十五条第二款", "recorded on establishment day"),
    c("CN-IP-09c", K, "pool.ip[0].license_recorded_date=2019-12-21", "fail", "专利法实施细则第十五条第二款", "a day after"),
    # ---------------------------------------------------------------- valuation (资产评估法)
    c("CN-IP-13b", N, "pool.ip[0].valuation.methods_count=2", "pass", "资产评估法第二十六条", "two methods"),
    c("CN-IP-13b", N, ("pool.ip[0].valuation.methods_count=1", "pool.ip[0].valuation.single_method_justified=false"), "warn",
      "资产评估法第二十六条", "one method, not justified"),
    c("CN-IP-13c", N, "pool.ip[0].valuation.signers_count=2", "pass", "资产评估法第二十七条", "two signatures"),
    c("CN-IP-13c", N, "pool.ip[0].valuation.signers_count=1", "warn", "资产评估法第二十七条", "one signature"),
    # ---------------------------------------------------------------- pledges
    c("CN-P-01a", N, "pool.ip=[]", "fail", "民法典第四百四十四条第一款", "a pledge-loan pool with no pledged right"),
    c("CN-P-01a", N, ONE_IP, "pass", "民法典第四百四十四条第一款", "one registered pledge"),
    c("CN-P-01a", N, "pool.ip[0].pledge_reg_no=null", "not_evaluable", "民法典第四百四十四条第一款；著作权质权登记办法第五条",
      "a registration date (2022-03-30) without its number: registered as stated, the number to confirm it is asked for"),
    c("CN-P-01a", N, ("pool.ip[0].pledge_reg_no=null", "pool.ip[0].pledge_reg_date=null"), "fail", "民法典第四百四十四条第一款",
      "neither number nor date: unregistered, no security interest"),
    c("CN-P-01a", N, ("pool.ip[0].pledge_reg_no=null", "pool.ip[0].pledge_reg_date=null", "pool.ip[0].pledge_application_date=2022-03-25"),
      "fail", "民法典第四百四十四条第一款", "an accepted application is not a registration"),
    c("CN-P-01b", N, ("pool.ip[0].pledge_reg_no=null", "pool.ip[0].pledge_reg_date=2022-04-14"), "pass", "民法典第四百四十四条第一款",
      "a registration dated on establishment day, its number not given"),
    c("CN-P-01b", N, ("pool.ip[0].pledge_reg_no=null", "pool.ip[0].pledge_reg_date=2022-04-15"), "fail", "民法典第四百四十四条第一款",
      "a registration dated a day after establishment is late whether or not its number is given"),
    c("CN-P-01b", N, "pool.ip[0].pledge_reg_date=2022-04-14", "pass", "民法典第四百四十四条第一款", "registered on establishment day"),
    c("CN-P-01b", N, "pool.ip[0].pledge_reg_date=2022-04-15", "fail", "民法典第四百四十四条第一款", "a day after"),
    c("CN-P-04", W, ("pool.ip[0].pledge_application_date=2019-03-06", "pool.ip[0].pledge_reg_date=2019-03-18"), "pass",
      f"著作权质权登记办法第九条; {C203}", "10 days end Sat 2019-03-16, so Monday 03-18 is in time"),
    c("CN-P-04", W, ("pool.ip[0].pledge_application_date=2019-03-06", "pool.ip[0].pledge_reg_date=2019-03-19"), "warn",
      f"著作权质权登记办法第九条; {C203}", "a day late"),
    c("CN-P-04", W, ("pool.ip[0].pledge_application_date=2019-03-01", "pool.ip[0].pledge_reg_date=2019-03-11"), "pass",
      "著作权质权登记办法第九条", "10 days end on a working day (Monday 03-11)"),
    c("CN-P-04", W, ("pool.ip[0].pledge_application_date=2019-03-01", "pool.ip[0].pledge_reg_date=2019-03-12"), "warn",
      "著作权质权登记办法第九条", "a day late"),
    # ---------------------------------------------------------------- ratings
    c("CN-R-02b", K, (), "pass", PRACTICE, "provider AAA = senior AAA"),
    c("CN-R-02b", K, "credit_enhancement.provider_rating=AA+", "warn", PRACTICE, "one notch below"),
    c("CN-R-03b", N, "rating.tracking_interval_months=12", "pass", "信息披露指引（跟踪评级条款 R）", "yearly"),
    c("CN-R-03b", N, "rating.tracking_interval_months=13", "warn", "信息披露指引（跟踪评级条款 R）", "13 months"),
    # ---------------------------------------------------------------- disclosure
    c("CN-D-03", N, "deal.annual_report_due=2023-05-04", "pass", f"深证上〔2021〕23号（E）; {C203}",
      "FY2022 due 30 April 2023, a Sunday inside the 29 April–3 May break: Thursday 4 May"),
    c("CN-D-03", N, "deal.annual_report_due=2023-05-05", "fail", f"深证上〔2021〕23号（E）; {C203}", "a day late"),
    c("CN-D-03", W, (), "pass", "深证上〔2021〕23号（E）", "FY2019 due Thursday 2020-04-30"),
    c("CN-D-03", W, "deal.annual_report_due=2020-05-01", "fail", "深证上〔2021〕23号（E）", "a day late (May Day)"),
    c("CN-D-03", W, "deal.annual_report_due=2020-05-06", "fail", "深证上〔2021〕23号（E）", "after the May Day break"),
    c("CN-D-03", K, ("deal.establishment_date=2019-10-31", "deal.annual_report_due=2021-04-30"), "fail", "RULEBOOK §14 (CN-D-03)",
      "set up two months before year end: FY2019 counts, due 2020-04-30"),
    c("CN-D-03", K, ("deal.establishment_date=2019-11-01", "deal.annual_report_due=2021-04-30"), "pass", "RULEBOOK §14 (CN-D-03)",
      "set up less than two months before year end: the first report is FY2020, due Friday 2021-04-30"),
    c("CN-D-03", K, ("deal.establishment_date=2019-11-01", "deal.annual_report_due=2021-05-06"), "fail", "RULEBOOK §14 (CN-D-03)",
      "after the FY2020 deadline (2021 May Day break ends 05-05)"),
    c("CN-D-04a", N, "deal.event_triggers.loss_pct=0.10", "pass", "证券公司资产证券化业务管理规定（2013）第三十九条（E）", "10 %"),
    c("CN-D-04a", N, "deal.event_triggers.loss_pct=0.11", "fail", "证券公司资产证券化业务管理规定（2013）第三十九条（E）", "11 %"),
    c("CN-D-04b", N, "deal.event_triggers.cf_shortfall_pct=0.20", "pass", "证券公司资产证券化业务管理规定（2013）第三十九条（E）", "20 %"),
    c("CN-D-04b", N, "deal.event_triggers.cf_shortfall_pct=0.21", "fail", "证券公司资产证券化业务管理规定（2013）第三十九条（E）", "21 %"),
    c("CN-D-05", N, "pool.ip=[]", "warn", "信息披露指引第七条", "no IP schedule"),
    c("CN-D-05", N, ONE_IP, "pass", "信息披露指引第七条", "one fully listed right"),
    # ---------------------------------------------------------------- term matching
    c("CN-C-02a", N, "pool.claims[0].last_due_date=2023-04-14", "pass", PRACTICE, "due on the expected maturity"),
    c("CN-C-02a", N, "pool.claims[0].last_due_date=2023-04-15", "warn", PRACTICE, "a day after"),
    c("CN-C-02b", N, "pool.claims[0].last_due_date=2023-10-14", "pass", PRACTICE, "due on the legal final maturity"),
    c("CN-C-02b", N, "pool.claims[0].last_due_date=2023-10-15", "warn", PRACTICE, "a day after"),
    # ---------------------------------------------------------------- EU
    c("EU-STS-06", Q, (EU_STS, "pool.claims=[{id: X, type: trade_receivable, defaulted: false, payments_made: 1}]"), "pass",
      "Regulation (EU) 2017/2402 Article 20(12)", "one payment made"),
    c("EU-STS-06", Q, (EU_STS, "pool.claims=[{id: X, type: trade_receivable, defaulted: false, payments_made: 0}]"), "fail",
      "Regulation (EU) 2017/2402 Article 20(12)", "no payment yet"),
    c("EU-STS-10", N, "eu={sts_label_sought: true, performance_history_years: 5}", "pass", "Regulation (EU) 2017/2402 Article 22(1)", "5 years"),
    c("EU-STS-10", N, "eu={sts_label_sought: true, performance_history_years: 4.99}", "fail", "Regulation (EU) 2017/2402 Article 22(1)", "under 5 years"),
    # ---------------------------------------------------------------- subsidies: thresholds, caps and windows (E: web excerpts)
    c("SUB-NJ-2021", W, NJ.format(1), "eligible=True amount=0.02", "宁知〔2021〕11号 细则（E）", "any positive financing"),
    c("SUB-NJ-2021", W, NJ.format(0), "eligible=False", "宁知〔2021〕11号 细则（E）", "no financing"),
    c("SUB-NJ-2021", W, NJ.format(50000000), "eligible=True amount=1000000", "宁知〔2021〕11号 细则（E）", "2 %"),
    c("SUB-NJ-2021", W, NJ.format(100000000), "eligible=True amount=2000000", "宁知〔2021〕11号 细则（E）", "2 % reaches the 2 m cap"),
    c("SUB-NJ-2021", W, NJ.format(150000000), "eligible=True amount=2000000", "宁知〔2021〕11号 细则（E）", "capped"),
    c("SUB-NJ-2021", W, "subsidy={initiator_city: 南京市, underlying_from_independent_enterprises: true, financing_amount: 50000000}",
      "eligible=None", "RULEBOOK §14 (programme periods)", "period not confirmed: unknown, never eligible"),
    c("SUB-GZ-2023", K, GZ.format(1), "eligible=True amount=0.01", "广州市知识产权工作专项资金管理办法（E）", "any issue"),
    c("SUB-GZ-2023", K, GZ.format(0), "eligible=False", "广州市知识产权工作专项资金管理办法（E）", "nothing issued"),
    c("SUB-GZ-2023", K, GZ.format(100000000), "eligible=True amount=1000000", "广州市知识产权工作专项资金管理办法（E）", "1 %"),
    c("SUB-GZ-2023", K, GZ.format(400000000), "eligible=True amount=4000000", "广州市知识产权工作专项资金管理办法（E）", "reaches the 4 m cap"),
    c("SUB-GZ-2023", K, GZ.format(500000000), "eligible=True amount=4000000", "广州市知识产权工作专项资金管理办法（E）", "capped"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-03-28", iss=10000000, cost=100000, rev=1000000), "eligible=True amount=70000",
      "南山区申报通知 2025-03-28（E）", "first day of the window; 10 m is not above 10 m, so 70 % and no revenue cap"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-03-27", iss=10000000, cost=100000, rev=1000000), "eligible=False",
      "南山区申报通知 2025-03-28（E）", "a day before the window"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-04-11", iss=10000000, cost=100000, rev=1000000), "eligible=True amount=70000",
      "南山区申报通知 2025-03-28（E）", "last day of the window"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-04-12", iss=10000000, cost=100000, rev=1000000), "eligible=False",
      "南山区申报通知 2025-03-28（E）", "a day after the window"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-04-01", iss=10000001, cost=100000, rev=1000000), "eligible=True amount=8000",
      "南山区申报通知 2025-03-28（E）", "above 10 m the cap of 8 ‰ of the borrower's revenue (1 m) binds"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-04-01", iss=20000000, cost=800000, rev=500000000), "eligible=True amount=480000",
      "南山区申报通知 2025-03-28（E）", "70 % of the cost on the first 10 m, 50 % on the next 10 m: 800k × 12/20"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-04-01", iss=20000000, cost=800000, rev=50000000), "eligible=True amount=400000",
      "南山区申报通知 2025-03-28（E）; RULEBOOK §14 (revenue of the party paid)", "8 ‰ of the borrower's 50 m revenue"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-04-01", iss=60000000, cost=600000, rev=10000000000), "eligible=True amount=300000",
      "南山区申报通知 2025-03-28（E）", "(0.7×10 m + 0.5×40 m + 0.3×10 m)/60 m = 50 % of 600k"),
    c("SUB-SZNS-2025", N, SZNS.format(app="2025-04-01", iss=60000000, cost=6000000, rev=10000000000), "eligible=True amount=3000000",
      "南山区申报通知 2025-03-28（E）", "the 30 % tier starts at exactly 50 m: 50 % of a 6 m cost (a yuan off the tier edge moves it by 3 fen)"),
    c("SUB-HP-2023", K, HP.format(2000000), "eligible=True amount=500000", "黄埔区工作报告（E）", "25 % of bad debt"),
    c("SUB-HP-2023", K, HP.format(40000000), "eligible=True amount=10000000", "黄埔区工作报告（E）", "reaches the 10 m pool"),
    c("SUB-HP-2023", K, HP.format(50000000), "eligible=True amount=10000000", "黄埔区工作报告（E）", "capped by the pool"),
    c("SUB-HP-2023", K, HP.format(2000000).replace("is_lender_or_guarantor: true", "is_lender_or_guarantor: false"), "eligible=False",
      "黄埔区工作报告（E）", "the pool pays lenders and guarantors only"),
    c("SUB-NS-2023", K, NSHA.format(100000, 1000000).replace("claims_city_subsidy_too: false", "claims_city_subsidy_too: true"),
      "eligible=False", "南沙区政策（E）", "not cumulative with the city subsidy"),
    c("SUB-NS-2023", K, NSHA.format(100000, 1000000), "eligible=True amount=550000", "南沙区政策（E）", "50 % of fees + 50 % of interest"),
    c("SUB-NS-2023", K, NSHA.format(100000, 2000000), "eligible=True amount=1050000", "南沙区政策（E）", "interest part reaches 1 m"),
    c("SUB-NS-2023", K, NSHA.format(100000, 3000000), "eligible=True amount=1050000", "南沙区政策（E）", "interest part capped"),
    c("SUB-QZ-2025", B, QZ.format(200000000, 100000000, "2025-01-01", 0.51), "eligible=True", "泉州市市场监管局通知 2025-05-19（E）", "every threshold just met"),
    c("SUB-QZ-2025", B, QZ.format(199999999, 100000000, "2025-01-01", 0.51), "eligible=False", "泉州市市场监管局通知 2025-05-19（E）", "shelf a yuan short"),
    c("SUB-QZ-2025", B, QZ.format(200000000, 99999999, "2025-01-01", 0.51), "eligible=False", "泉州市市场监管局通知 2025-05-19（E）", "first issue a yuan short"),
    c("SUB-QZ-2025", B, QZ.format(200000000, 100000000, "2024-12-31", 0.51), "eligible=False", "泉州市市场监管局通知 2025-05-19（E）", "first issue in 2024"),
    c("SUB-QZ-2025", B, QZ.format(200000000, 100000000, "2025-12-31", 0.51), "eligible=True", "泉州市市场监管局通知 2025-05-19（E）", "last day of 2025"),
    c("SUB-QZ-2025", B, QZ.format(200000000, 100000000, "2025-01-01", 0.5), "eligible=False", "泉州市市场监管局通知 2025-05-19（E）", "half is not 'mainly'"),
    c("SUB-SZ-LAW", N, SZLAW.format(0, 0), "pass", "深圳经济特区科技创新条例（E）", "nothing issued: no lead yet"),
    c("SUB-SZ-LAW", N, SZLAW.format(0, 1), "warn", "深圳经济特区科技创新条例（E）", "a product issued: a lead, no amount"),
    c("SUB-SZ-LAW", N, SZLAW.format(1, 0), "warn", "深圳经济特区科技创新条例（E）", "a product issued: a lead, no amount"),
]

# Choices between named values (deal.model == 'leasing', ip_type == 'trademark', a city): each
# equality is tested on a deal where it decides the outcome, so flipping it changes the result.
CHOICE_CASES: list[LawCase] = [
    c("CN-A-01b", W, (), "pass", "管理规定第三条（E）", "leasing model, lease receivables"),
    c("CN-A-01b", Q, (), "pass", "管理规定第三条（E）", "supply-chain model, trade receivables"),
    c("CN-A-01b", K, (), "pass", "管理规定第三条（E）", "licence-fee model, licence-fee receivables"),
    c("CN-A-01b", N, (), "pass", "管理规定第三条（E）", "pledge-loan model, loan receivables"),
    c("CN-A-01b", B, (), "pass", "管理规定第三条（E）", "bill model, bills"),
    c("CN-A-01b", N, "pool.claims[0].type=trade_receivable", "warn", "管理规定第三条（E）", "a trade receivable in a pledge-loan deal"),
    c("CN-A-09", N, (), "pass", "资产证券化监管问答（三）问题一", "no future income right"),
    c("CN-A-09", N, ("pool.claims[0].type=income_right", "pool.claims[0].income_source=municipal_utility"), "pass",
      "资产证券化监管问答（三）问题一", "franchised municipal utility"),
    c("CN-A-09", N, ("pool.claims[0].type=income_right", "pool.claims[0].income_source=ip_income"), "fail",
      "资产证券化监管问答（三）问题一", "a bare future IP income right"),
    c("CN-A-09b", N, (), "pass", "资产证券化监管问答（三）问题二", "no income right, no licence needed"),
    c("CN-A-09b", N, ("pool.claims[0].type=income_right", "originator.holds_operating_licence=false"), "fail",
      "资产证券化监管问答（三）问题二", "income right without the operating licence"),
    c("CN-C-04a", N, "deal.cash_sweep_to_plan_account=false", "pass", "资产证券化监管问答（三）问题三（E）",
      "no income right, so the blocking sweep requirement does not bite (CN-C-04b warns)"),
    c("CN-C-04a", N, ("pool.claims[0].type=income_right", "deal.cash_sweep_to_plan_account=false"), "fail",
      "资产证券化监管问答（三）问题三（E）", "income right without a cash sweep"),
    c("CN-IP-04", B, ("pool.claims[0].last_due_date=2030-03-31", "pool.claims[0].ip_reg_nos=[第30000902号]",
                      "pool.claims[1].ip_reg_nos=[ZL201910000901.3]",
                      "deal.disclosure_docs=[prospectus, legal_opinion, rating_report, trademark_renewal_covenant]"), "pass",
      "商标法第四十条; RULEBOOK §14 (trademark renewal)", "the mark (to 2029-03-06) may be renewed and a covenant is in place"),
    c("CN-IP-04", B, ("pool.claims[0].last_due_date=2030-03-31", "pool.claims[0].ip_reg_nos=[第30000902号]",
                      "pool.claims[1].ip_reg_nos=[ZL201910000901.3]",
                      "deal.disclosure_docs=[prospectus, legal_opinion, rating_report]"), "fail",
      "商标法第三十九条、第四十条", "the claim outlives the mark and no renewal is promised"),
    c("CN-IP-07", K, ("pool.ip[0].co_owners=[乙大学]", "pool.ip[0].all_co_owner_consent=false"), "fail",
      "专利法第十四条", "exclusive licence of a co-owned patent without consent"),
    c("CN-IP-07", K, ("pool.ip[0].co_owners=[乙大学]", "pool.ip[0].all_co_owner_consent=false", "pool.ip[0].license_type=ordinary"), "pass",
      "专利法第十四条", "a co-owner may grant an ordinary licence alone"),
    c("CN-IP-09b", B, (), "pass", "商标法第四十三条第三款", "the mark is not licensed"),
    c("CN-IP-09b", B, "pool.ip[1].licensed=true", "warn", "商标法第四十三条第三款", "a trademark licence not filed"),
    c("CN-S-01", W, (), "pass", "管理规定第四条（E）", "a special plan"),
    c("CN-S-01", W, "deal.vehicle=other", "fail", "管理规定第四条（E）", "not a special plan"),
    c("CN-R-04", K, (), "pass", PRACTICE, "senior AAA"),
    c("CN-R-04", K, "deal.tranches[0].rating=AA+", "warn", PRACTICE, "senior AA+"),
    c("CN-D-02", W, (), "pass", "信息披露指引第四条", "SZSE deal on the exchange website"),
    c("CN-D-02", W, "deal.disclosure_channel=amac_website", "fail", "信息披露指引第四条", "listed deal on the AMAC website"),
    c("CN-D-02", W, ("deal.venue=OTC", "deal.disclosure_channel=amac_website"), "pass", "信息披露指引第四条", "unlisted deal on the AMAC website"),
    c("SUB-GD-KO", K, (), "pass", "广东省知识产权保护条例第四十九条", "Guangdong originator without misconduct"),
    c("SUB-GD-KO", K, "originator.ip_misconduct_last_3y=true", "warn", "广东省知识产权保护条例第四十九条", "barred for 3 years"),
    c("SUB-GD-KO", W, (), "not_applicable", "广东省知识产权保护条例第四十九条", "a Beijing originator"),
    c("SUB-SZ-LAW", W, "subsidy={issuer_city: 深圳市, applicant_city: 北京市, issued_amount: 1, issuance_amount: 0}", "warn",
      "深圳经济特区科技创新条例（E）", "Shenzhen issuer"),
    c("SUB-SZ-LAW", W, "subsidy={issuer_city: 北京市, applicant_city: 深圳市, issued_amount: 1, issuance_amount: 0}", "warn",
      "深圳经济特区科技创新条例（E）", "Shenzhen applicant"),
    c("SUB-SZ-LAW", W, "originator.reg_city=深圳市", "not_evaluable", "深圳经济特区科技创新条例（E）",
      "Shenzhen originator; whether a product was issued is not stated"),
    c("SUB-SZ-LAW", W, (), "not_applicable", "深圳经济特区科技创新条例（E）", "no Shenzhen party"),
]
CASES += CHOICE_CASES
