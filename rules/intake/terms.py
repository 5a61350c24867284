"""Deal terms read from labelled clauses: model, venue, vehicle, sizes, dates, risk retention."""
from __future__ import annotations

import re

from ingest.numerals import cn_integer, en_number
from rules.intake.evidence import Evidence, Found, TextLine
from rules.intake.values import find_amount, find_date, find_percent

# (field path, kind of value, labels that introduce it); the value must follow its label in the same clause.
LABELLED: list[tuple[str, str, tuple[str, ...]]] = [
    ("deal.issue_size", "amount", ("目标募集总额", "目标募集规模", "募集资金总额", "计划募集总额", "发行总额", "发行规模",
                                   "募集规模", "发行金额", "合计发行", "共计发行", "总计发行", "共发行")),
    ("deal.raised_size", "amount", ("实际募集资金", "实际募集规模", "实际募集金额")),
    ("deal.min_subscription", "amount", ("最低认购金额", "认购起点", "最低认购")),
    ("pool.transfer_price", "amount", ("基础资产转让价款", "购买价款", "转让对价")),
    ("deal.establishment_date", "date", ("专项计划设立日", "计划设立日", "专项计划成立日", "设立日", "成立日")),
    ("deal.legal_final_maturity", "date", ("法定到期日", "法定最终到期日")),
    ("deal.expected_maturity", "date", ("预期到期日",)),
    ("deal.issue_date", "date", ("发行日",)),
    ("deal.no_objection_date", "date", ("无异议函日期", "无异议函出具日", "取得无异议函")),
    ("deal.amac_filing_date", "date", ("备案日期", "备案日")),
]
MAX_GAP = 12   # characters allowed between a label and its value ('为人民币', '：')
_TRANCHE_WORD = re.compile(r"优先|次级|中间级|夹层|劣后")
_ESTABLISHED_ON = re.compile(r"专项计划(?:已)?于(.{6,16}?)(?:正式)?(?:成立|设立)")

VENUES = [("SZSE", re.compile(r"深圳证券交易所|深交所")), ("SSE", re.compile(r"上海证券交易所|上交所")),
          ("NEEQ", re.compile(r"全国中小企业股份转让系统")), ("OTC", re.compile(r"机构间私募产品报价与服务系统|报价系统")),
          ("interbank", re.compile(r"银行间(?:债券)?市场"))]
_LISTING = re.compile(r"挂牌|上市|转让|交易场所|发行场所")
# What the 基础资产 is tells the model; the first that matches wins (a leasing company may originate
# licence-fee claims, and every model's claims are 'receivables' of some kind).
MODELS = [("bill", re.compile(r"票据|汇票")), ("license_fee", re.compile(r"许可")),
          ("leasing", re.compile(r"租赁|租金")), ("pledge_loan", re.compile(r"贷款|借款")),
          ("supply_chain", re.compile(r"应收账款|保理|供应链"))]
_RETENTION = re.compile(r"风险自留|自留|持有比例|占.{0,14}(?:发行|募集).{0,4}(?:总额|规模)")
# A stated count of subscribers: '认购人共计二百零一名合格投资者', '投资者合计15户', 'subscribed by 201 investors'.
# Only a count said to be the total (共计/合计/总计/共); a limit ('合计不超过200名', 'at most 200 investors') is no count.
_COUNT = r"\d{1,5}|[零〇一二两三四五六七八九十百千]{1,8}"
_INVESTORS_SAID = re.compile(rf"(?:认购人|投资者|认购对象|持有人)(?:数量|人数)?(?:共计|合计|总计|共)(?:为)?\s*"
                             rf"({_COUNT})\s*(?:名|户|人|家)")
_EN_INVESTORS_SAID = re.compile(r"(?<![\w.,-])(\d{1,5}|[a-z]+(?:-[a-z]+)?)\s+(?:qualified\s+|professional\s+|eligible\s+)?"
                                r"(?:investors|subscribers)\b", re.I)
_EN_LIMIT = re.compile(r"(?:than|up to|at most|maximum of|max\.?|limit of|exceed|not exceed|cap of|over|within)\s*$", re.I)
_HOLDER = re.compile(r"(?:由)?([^\s，。；;：:、]{2,40}?)(?:将)?(?:全额|全部)?(?:认购|持有|自持)")


def _value(kind: str, text: str):
    found = {"amount": find_amount, "date": find_date, "percent": find_percent}[kind](text)
    return None if found is None else found


def labelled(lines: list[TextLine], skip: set[int]) -> list[Found]:
    """Values that follow their label in the same clause; lines in `skip` are table rows read elsewhere."""
    out: list[Found] = []
    for index, line in enumerate(lines):
        if index in skip:
            continue
        for clause in line.clauses() or [line.text]:
            for path, kind, labels in LABELLED:
                if path == "deal.expected_maturity" and _TRANCHE_WORD.search(line.text):
                    continue   # a tranche's date, read with its tranche
                for label in labels:
                    at = clause.find(label)
                    if at < 0:
                        continue
                    if path == "deal.issue_size" and _TRANCHE_WORD.search(clause[:at]):
                        break   # '优先级资产支持证券发行规模…': one tranche's size, read with its tranche
                    after = clause[at + len(label):]
                    found = _value(kind, after)
                    if found and after.find(found[1]) <= MAX_GAP:
                        out.append(Found(path, found[0], Evidence.of(line)))
                    break
            match = _ESTABLISHED_ON.search(clause)
            if match and (day := find_date(match.group(1))):
                out.append(Found("deal.establishment_date", day[0], Evidence.of(line)))
    return out


def venue(lines: list[TextLine]) -> list[Found]:
    out = []
    for line in lines:
        for clause in line.clauses():
            if _LISTING.search(clause):
                for code, pattern in VENUES:
                    if pattern.search(clause):
                        out.append(Found("deal.venue", code, Evidence.of(line)))
    return out


def model(lines: list[TextLine]) -> list[Found]:
    """The model from what the 基础资产 (underlying assets) are said to be."""
    out = []
    for line in lines:
        at = line.text.find("基础资产")
        if at < 0:
            continue
        described = line.text[at + 4:]
        if not re.match(r"[”\"」』]?\s*(?:[：:|]|为|指|是)", described):
            continue   # '基础资产' as a subject of some other sentence, not its definition
        for code, pattern in MODELS:
            if pattern.search(described):
                out.append(Found("deal.model", code, Evidence.of(line)))
                break
    return out


def vehicle(lines: list[TextLine]) -> list[Found]:
    for line in lines:
        if "资产支持专项计划" in line.text:
            return [Found("deal.vehicle", "special_plan", Evidence.of(line))]
    return []


def retention(lines: list[TextLine], aliases: dict[str, str]) -> list[Found]:
    """The retained share and its holder, from a sentence that states the share of the issue."""
    out = []
    for line in lines:
        if not (_RETENTION.search(line.text) and "次级" in line.text):
            continue
        share = find_percent(line.text)
        if share is None:
            continue
        evidence = Evidence.of(line)
        out.append(Found("risk_retention.pct_of_issue", share[0], evidence))
        holder = _HOLDER.search(line.text.split("：", 1)[-1])
        if holder:
            name = aliases.get(holder.group(1).lstrip("由"))
            if name:
                out.append(Found("risk_retention.holder", name, evidence))
    return out


def investor_count(lines: list[TextLine]) -> list[Found]:
    """The number of investors a sentence states as the total (Chinese numerals or digits)."""
    out = []
    for line in lines:
        for match in _INVESTORS_SAID.finditer(line.text):
            words = match.group(1)
            count = int(words) if words.isdigit() else cn_integer(words)
            if count is not None:
                out.append(Found("deal.investor_count", count, Evidence.of(line)))
        for match in _EN_INVESTORS_SAID.finditer(line.text):
            words = match.group(1)
            count = int(words) if words.isdigit() else en_number(words)
            if count is not None and not _EN_LIMIT.search(line.text[:match.start()]):
                out.append(Found("deal.investor_count", count, Evidence.of(line)))
    return out
