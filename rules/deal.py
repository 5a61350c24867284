"""The deal model: what an arranger describes, validated with every problem reported at once."""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

# Field names follow RULEBOOK §1. Everything is optional: a missing fact makes the rules that
# need it `not_evaluable`, never a pass.

Money = float  # RMB unless a field says otherwise
# Every deal date lies in this window. Rules add terms of up to a century to dates (patents,
# trademark renewals, copyright), and date arithmetic past the year 9999 raises: 9999-12-31 is a
# typo or a placeholder, never a deal date, and is reported as one instead of crashing a check.
EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
Day = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
_NonNeg = dict(ge=0)
_Share = dict(ge=0, le=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Tranche(_Strict):
    name: str | None = None
    seniority: Literal["senior", "mezzanine", "subordinated"] | None = None
    size: Money | None = Field(None, **_NonNeg)
    rating: str | None = None
    coupon: float | None = Field(None, **_NonNeg)
    expected_maturity: Day | None = None
    holder: str | None = None  # 'originator', 'affiliate', 'market' or a name


class Custodian(_Strict):
    name: str | None = None
    type: Literal["commercial_bank", "CSDC", "securities_co", "other"] | None = None


class EventTriggers(_Strict):
    """Thresholds written into the event-disclosure covenant (shares of outstanding principal)."""
    loss_pct: float | None = Field(None, **_Share)
    cf_shortfall_pct: float | None = Field(None, **_Share)


DisclosureDoc = Literal[
    "prospectus", "legal_opinion", "rating_report", "asset_transfer_agreement",
    "servicing_agreement", "custody_agreement", "related_party_disclosure", "risk_disposal_plan",
    "valuation_report", "true_sale_opinion", "obligor_financials", "pool_selection_memo",
    "cash_flow_model", "trademark_renewal_covenant",
]


class DealTerms(_Strict):
    name: str | None = None
    venue: Literal["SZSE", "SSE", "NEEQ", "OTC", "interbank", "offshore"] | None = None
    vehicle: Literal["special_plan", "trust", "other"] | None = None
    model: Literal["leasing", "supply_chain", "license_fee", "pledge_loan", "bill"] | None = None
    establishment_date: Day | None = None
    amac_filing_date: Day | None = None
    no_objection_date: Day | None = None
    issue_date: Day | None = None
    min_size: Money | None = Field(None, **_NonNeg)
    raised_size: Money | None = Field(None, **_NonNeg)
    issue_size: Money | None = Field(None, **_NonNeg)
    legal_final_maturity: Day | None = None
    expected_maturity: Day | None = None
    tranches: list[Tranche] | None = None
    min_subscription: Money | None = Field(None, **_NonNeg)
    investor_count: int | None = Field(None, **_NonNeg)
    all_investors_qualified: bool | None = None
    custodian: Custodian | None = None
    cash_sweep_to_plan_account: bool | None = None
    collection_account_supervised: bool | None = None
    asset_isolation_opinion: bool | None = None
    disclosure_docs: list[DisclosureDoc] | None = None
    disclosure_channel: Literal["exchange_website", "amac_website", "other"] | None = None
    annual_report_due: Day | None = None
    event_triggers: EventTriggers | None = None


class Manager(_Strict):
    name: str | None = None
    type: Literal["securities_co", "fund_subsidiary", "other"] | None = None
    has_am_licence: bool | None = None
    holds_ge5pct_of_originator: bool | None = None
    separate_books: bool | None = None


class Originator(_Strict):
    name: str | None = None
    country: str | None = None
    reg_province: str | None = None
    reg_city: str | None = None
    reg_district: str | None = None
    is_licensed_lessor: bool | None = None
    is_licensed_lender: bool | None = None
    is_dishonest_debtor: bool | None = None
    is_lgfv: bool | None = None
    ip_misconduct_last_3y: bool | None = None
    audited_revenue_prev_year: Money | None = Field(None, **_NonNeg)
    accuracy_undertaking: bool | None = None
    is_sole_purpose_entity: bool | None = None


class Servicer(_Strict):
    name: str | None = None
    replacement_trigger: bool | None = None
    backup_servicer: bool | None = None


class RiskRetention(_Strict):
    holder: str | None = None
    relation_to_originator: Literal["originator", "affiliate", "sponsor", "original_lender",
                                    "third_party"] | None = None
    pct_of_issue: float | None = Field(None, **_Share)
    form: Literal["sub", "vertical", "revolving", "random", "first_loss_each", "other"] | None = None
    lockup_until: Day | None = None
    hedged: bool | None = None


class CreditEnhancement(_Strict):
    subordination_pct: float | None = Field(None, **_Share)
    oc_ratio: float | None = Field(None, **_NonNeg)
    difference_payment_provider: str | None = None
    provider_rating: str | None = None
    guarantor: str | None = None


class Rating(_Strict):
    agency: str | None = None
    agency_qualified: bool | None = None
    senior_rating: str | None = None
    tracking_interval_months: int | None = Field(None, ge=1, le=1200)


class Payment(_Strict):
    date: Day
    amount: Money = Field(..., ge=0)


class Claim(_Strict):
    id: str | None = None
    type: Literal["lease_receivable", "license_fee_receivable", "loan_receivable",
                  "trade_receivable", "bill_receivable", "income_right"] | None = None
    obligor: str | None = None
    amount: Money | None = Field(None, **_NonNeg)
    schedule: list[Payment] | None = None
    is_existing_contract: bool | None = None
    non_assignment: Literal["none", "by_nature", "by_law", "by_contract_monetary",
                            "by_contract_nonmonetary"] | None = None
    debtor_notified: bool | None = None
    encumbered: bool | None = None
    release_at_transfer: bool | None = None
    prior_pledge_or_factoring_registered: bool | None = None
    obligor_is_dishonest: bool | None = None
    obligor_share_future_cf: float | None = Field(None, **_Share)
    is_local_gov_debt: bool | None = None
    is_infrastructure: bool | None = None
    last_due_date: Day | None = None
    pledged_receivable: bool | None = None
    receivable_pledge_registered: bool | None = None
    bill_accepted: bool | None = None
    defaulted: bool | None = None
    payments_made: int | None = Field(None, **_NonNeg)
    is_securitisation_position: bool | None = None
    industry: str | None = None
    district: str | None = None


class Valuation(_Strict):
    appraiser: str | None = None
    appraiser_registered: bool | None = None  # set up as a partnership or company
    appraiser_filed: bool | None = None       # filed with the appraisal administration
    methods_count: int | None = Field(None, **_NonNeg)
    single_method_justified: bool | None = None
    signers_count: int | None = Field(None, **_NonNeg)
    value: Money | None = Field(None, **_NonNeg)
    date: Day | None = None


class IPRight(_Strict):
    ip_type: Literal["invention", "utility", "design", "trademark", "copyright", "software"] | None = None
    reg_no: str | None = None
    title: str | None = None
    register_owner: str | None = None
    pledgor_or_licensor: str | None = None
    co_owners: list[str] | None = None
    all_co_owner_consent: bool | None = None
    filing_date: Day | None = None
    grant_date: Day | None = None         # grant / registration date
    pta_days: int | None = Field(None, ge=0, le=36_500)  # granted patent-term adjustment only
    renewals: int | None = Field(None, ge=0, le=100)     # trademark renewals already approved
    annual_fee_paid: bool | None = None
    invalidated_or_terminated: bool | None = None
    invalidation_pending: bool | None = None
    invalidation_consent_documented: bool | None = None
    ownership_dispute: bool | None = None
    court_preservation: bool | None = None
    pledged_existing: bool | None = None
    pledgee_consent: bool | None = None
    same_day_double_filing: bool | None = None
    pledge_reg_no: str | None = None
    pledge_application_date: Day | None = None
    pledge_reg_date: Day | None = None
    pledgee: str | None = None
    pledge_contract_written: bool | None = None
    forfeiture_clause: bool | None = None
    foreign_party: bool | None = None          # pledgor or pledgee without a PRC domicile
    filed_via_agency: bool | None = None
    licensed: bool | None = None
    license_type: Literal["exclusive", "sole", "ordinary", "open"] | None = None
    license_effective_date: Day | None = None
    license_recorded_date: Day | None = None
    transferred: bool | None = None            # the right itself moves (e.g. sale-and-leaseback)
    transfer_reg_date: Day | None = None
    transfer_written_contract: bool | None = None
    transferee_foreign: bool | None = None
    export_procedure_done: bool | None = None
    valuation: Valuation | None = None
    copyright_author_death_year: int | None = Field(None, ge=1800, le=2200)
    first_publication_date: Day | None = None
    is_legal_person_work: bool | None = None


class Pool(_Strict):
    transfer_price: Money | None = Field(None, **_NonNeg)
    claims: list[Claim] | None = None
    ip: list[IPRight] | None = None


class Subsidy(_Strict):
    """Facts for §10 programmes; cities are written in Chinese (南京市, 广州市, 深圳市)."""
    initiator_city: str | None = None
    issuer_city: str | None = None
    applicant_city: str | None = None
    applicant_district: str | None = None
    underlying_from_independent_enterprises: bool | None = None
    financing_amount: Money | None = Field(None, **_NonNeg)
    issued_amount: Money | None = Field(None, **_NonNeg)
    financing_cost: Money | None = Field(None, **_NonNeg)
    issuance_amount: Money | None = Field(None, **_NonNeg)
    loan_settled: bool | None = None
    application_date: Day | None = None
    shelf_size: Money | None = Field(None, **_NonNeg)
    first_issue_size: Money | None = Field(None, **_NonNeg)
    first_issue_date: Day | None = None
    local_ip_share: float | None = Field(None, **_Share)
    is_lender_or_guarantor: bool | None = None
    is_sme: bool | None = None
    bad_debt: Money | None = Field(None, **_NonNeg)
    pledge_loan_fees: Money | None = Field(None, **_NonNeg)
    pledge_loan_interest: Money | None = Field(None, **_NonNeg)
    claims_city_subsidy_too: bool | None = None


class EUFacts(_Strict):
    """Facts for the EU Securitisation Regulation pack (only when EU parties are involved)."""
    eu_investors: bool | None = None
    sts_label_sought: bool | None = None
    retail_sale: bool | None = None
    investor_due_diligence_done: bool | None = None
    reporting_entity_designated: bool | None = None
    sspe_country: str | None = None
    sspe_high_risk_or_noncooperative: bool | None = None
    originator_in_eu: bool | None = None
    sponsor_in_eu: bool | None = None
    sspe_in_eu: bool | None = None
    retained_interest_hedged: bool | None = None
    repayment_depends_on_asset_sale: bool | None = None
    performance_history_years: float | None = Field(None, **_NonNeg)


class Deal(_Strict):
    """A proposed IP ABS deal in any of the five models (RULEBOOK §1 field dictionary)."""
    id: str = "deal"
    name: str | None = None
    as_of: Day | None = None
    deal: DealTerms | None = None
    manager: Manager | None = None
    originator: Originator | None = None
    servicer: Servicer | None = None
    risk_retention: RiskRetention | None = None
    credit_enhancement: CreditEnhancement | None = None
    rating: Rating | None = None
    pool: Pool | None = None
    subsidy: Subsidy | None = None
    eu: EUFacts | None = None


# ---------------------------------------------------------------- errors


class DealError(Exception):
    """A deal that could not be read; `problems` lists every one, `str()` one per line."""

    def __init__(self, problems: list[str], source: str = ""):
        self.problems = problems
        self.source = source
        super().__init__("\n".join(problems))


def _loc_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{_clip(str(part))}" if out else _clip(str(part)))
    return out or "(top level)"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SHOWN_CHARS = 80  # a value or key quoted in a problem is cut to this: a problem stays one short line


def _clip(text: str) -> str:
    """Text for a one-line problem: control characters escaped, cut to SHOWN_CHARS."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def _shown(value: Any) -> str:
    """repr() of a bad value, cut short; an int too long for repr() is described instead."""
    try:
        return _clip(repr(value))
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
    kind, msg = error["type"], _clip(error["msg"])
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
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{where}: {value} is out of range ({msg.lower()})"
    if kind == "literal_error":
        return f"{where}: {value} is not allowed; {msg.lower()}"
    if kind == "missing":
        return f"{where}: required field is missing"
    return f"{where}: {msg.lower()} (got {value})"


def validate_deal(data: Any, source: str = "") -> Deal:
    """Validate a mapping into a Deal, raising DealError with every problem at once."""
    if not isinstance(data, dict):
        raise DealError([f"the deal must be a mapping of fields, got {type(data).__name__}"], source)
    try:
        return Deal.model_validate(data)
    except ValidationError as exc:
        raise DealError([_describe(e) for e in exc.errors()], source) from None


# ---------------------------------------------------------------- loading


class DealLoader(yaml.SafeLoader):
    """YAML without implicit timestamps, so a bad date (2023-02-30) reaches validation as text
    and is reported with its field path instead of crashing the parser."""


DealLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# YAML aliases can make a few kilobytes expand into millions of values (each validated and checked);
# a deal may hold at most this many values, or as many as its text has characters if that is more.
MIN_VALUE_BUDGET = 100_000


def parse_text(text: str, fmt: str | None = None, source: str = "") -> Any:
    """Parse YAML or JSON text (JSON is tried first when no format is given)."""
    fmt = (fmt or "").lower()
    if fmt == "json" or (not fmt and text.lstrip().startswith(("{", "["))):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if fmt == "json":
                raise DealError([f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"], source) from None
        except (RecursionError, ValueError) as exc:  # nesting thousands deep; an int of 5,000 digits
            raise DealError([f"not valid JSON: {_unreadable(exc)}"], source) from None
    try:
        data = yaml.load(text, Loader=DealLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DealError([f"not valid YAML{where}: {_clip(problem)}"], source) from None
    except (RecursionError, ValueError) as exc:
        raise DealError([f"not valid YAML: {_unreadable(exc)}"], source) from None
    budget = max(MIN_VALUE_BUDGET, len(text))
    if _more_values_than(data, budget):
        raise DealError([f"the deal expands to more than {budget:,} values (YAML aliases repeating "
                         "themselves?)"], source)
    return data


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return _clip(str(exc).split(";")[0])  # drop Python's hint about sys.set_int_max_str_digits


def _more_values_than(data: Any, budget: int) -> bool:
    """Count values as validation would meet them (an alias counts every time it is used), stopping
    at the budget, so a self-referencing or exponentially aliased document costs at most `budget`."""
    stack, seen = [data], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > budget:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


DEAL_SUFFIXES = (".yaml", ".yml", ".json")


def load_deal(path_or_text: str | Path, fmt: str | None = None) -> Deal:
    """Load a deal from a file path or from YAML/JSON text; raises DealError on any problem.
    A str is a path when it names a file, or when it is one line ending in .yaml/.yml/.json that
    YAML does not read as a mapping: 'deals/x.yaml' is a (maybe missing) file, 'id: x.yaml' a deal."""
    if isinstance(path_or_text, Path) or _names_a_file(str(path_or_text)):
        return _load_file(Path(path_or_text), fmt)
    return validate_deal(parse_text(str(path_or_text), fmt))


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) >= 1024:
        return False
    if _is_file(Path(text)):
        return True
    if not text.strip().lower().endswith(DEAL_SUFFIXES):
        return False
    try:
        return not isinstance(yaml.load(text, Loader=DealLoader), dict)  # noqa: S506 - safe loader subclass
    except (yaml.YAMLError, RecursionError, ValueError):
        return True


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        return False


def _load_file(path: Path, fmt: str | None) -> Deal:
    source = str(path)
    if not _is_file(path):
        raise DealError([f"{_clip(source)}: no such deal file"], source)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DealError([f"{source}: not UTF-8 text; save the deal file as UTF-8"], source) from None
    except OSError as exc:
        raise DealError([f"{source}: cannot read the deal file ({exc.strerror or exc})"], source) from None
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "yaml")
    return validate_deal(parse_text(text, fmt, source), source)


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
