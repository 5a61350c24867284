"""IP rights behind the claims: patent (ZL…), trademark (第…号) and copyright numbers, owners, dates, pledges."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rules.intake.evidence import Evidence, Found, TextLine
from rules.intake.parties import org_at_start, orgs_listed
from rules.intake.patent_no import PATENT_NO, PatentNumber
from rules.intake.values import find_date

TRADEMARK_NO = re.compile(r"第\s?\d{6,9}\s?号")
BARE_TRADEMARK_NO = re.compile(r"\d{6,9}")   # a 注册号 column of a trademark table may hold the digits alone
_PATENT_COLUMN = re.compile(r"申请号|专利号")   # a column whose numbers are patents' even without ZL
COPYRIGHT_NO = re.compile(r"国作登字[-－—]\d{4}[-－—][A-Z][-－—]\d{8}")
SOFTWARE_NO = re.compile(r"软著登字第\d{5,10}号")
KIND_WORDS = [("utility", re.compile(r"实用新型")), ("design", re.compile(r"外观设计")),
              ("invention", re.compile(r"发明")), ("trademark", re.compile(r"商标")),
              ("software", re.compile(r"软件")), ("copyright", re.compile(r"著作权|作品"))]
# Table headers -> IPRight field; checked in this order, so 质押登记号 is not taken for a 登记号.
HEADERS = [("pledge_reg_no", re.compile(r"质押登记号|质押登记编号")), ("pledge_reg_date", re.compile(r"质押登记日")),
           ("reg_no", re.compile(r"专利号|注册号|登记号|申请号")), ("owner", re.compile(r"专利权人|注册人|权利人|著作权人")),
           ("filing_date", re.compile(r"申请日")), ("grant_date", re.compile(r"授权公告日|授权日|注册日|核准日")),
           ("kind", re.compile(r"^(?:专利|知识产权)?类型$")),
           ("title", re.compile(r"名称|^商标$|^作品$"))]
_SAID = {
    # '专利权人：甲公司', '专利权人为甲公司', and with nothing between: '专利权人深圳甲科技有限公司'
    "owner": re.compile(r"(?:专利权人|注册人|权利人|著作权人)(?:均)?(?:为|是|：|:)?\s*([^，；;。）)]+)"),
    "filing_date": re.compile(r"申请日(?:为|：|:)?\s*([^，；;。）)]{6,16})"),
    "grant_date": re.compile(r"(?:授权公告日|授权日|注册日期?|核准注册日)(?:为|：|:)?\s*([^，；;。）)]{6,16})"),
    "pledge_reg_no": re.compile(r"质押登记(?:号|编号)(?:为|：|:)?\s*([A-Za-z0-9]{6,24})"),
    "pledge_reg_date": re.compile(r"质(?:押|权)登记日(?:期)?(?:为|：|:)?\s*([^，；;。）)]{6,16})"),
}
# Joint ownership as sentences state it: '甲公司与乙大学共有' (the names are joined by 与/和/及 after a
# legal-form ending, so a 银行和平支行 is not cut in two), and in English 'patentee X, co-owned with Y'.
_JOINT = re.compile(r"(?:共同所有|共同拥有|共同持有|共有)")
_JOINED = re.compile(r"(?<=公司|大学|学院|究院|究所|集团|中心)(?:以及|与|和|及)")
EN_ORG = (r"(?:[A-Z][\w&'.-]*\s+){0,8}?"
          r"(?:Co\.,?\s?Ltd\.?|Company Limited|Limited|Ltd\.|Inc\.|LLC|Corporation|University|Institute|Bank)")
_EN_OWNER = re.compile(rf"\b(?i:patentee|owner|registrant|right holder)s?(?:\s+is|\s*:)?\s+({EN_ORG})")
_EN_CO_OWNED = re.compile(rf"\b(?i:co-?owned|jointly owned) (?:with|by)\s+({EN_ORG}(?:(?:,\s*|,?\s+and\s+){EN_ORG})*)")
_TITLE_SAID = re.compile(r"^[^“，。]{0,8}[“\"]([^”\"]{2,40})[”\"]")
_KIND_SAID = re.compile(r"^[（(]?(?:的)?(发明|实用新型|外观设计)")
_PLEDGEE = re.compile(r"质权人(?:均)?(?:为|：|:)\s*([^，；;。]+)")
# A sentence about every right listed before it ('上述专利均已质押予原始权益人，质权登记日为2024年5月20日'):
# its pledge registration date and pledgee are each right's.
_ALL_LISTED = re.compile(r"(?:上述|以上|前述)(?:各项|全部|所有)?(?:专利|商标|著作权|知识产权)"
                         r"|\b(?:all|each) of the (?:above|listed) (?:patents|rights|trademarks)", re.I)
_PLEDGED_TO = re.compile(r"(?:质押|出质)(?:予|给|于)\s*([^，；;。]+)")
_PLEDGE_REGISTERED_ON = re.compile(r"于(.{6,16}?)(?:办理|完成)(?:了)?(?:专利权?|商标专用权|著作权)?质押登记")
_LICENCE_RECORDED = re.compile(r"于(.{6,16}?)(?:办理|完成)(?:了)?(?:专利)?(?:实施)?许可(?:合同)?备案")


@dataclass
class _Right:
    values: list[tuple[str, object, Evidence]] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return any(k == key for k, _, _ in self.values)


def number_kind(number: str) -> str | None:
    """The right's kind as its number shows it."""
    if (patent := PatentNumber.parse(number)):
        return patent.kind
    if COPYRIGHT_NO.fullmatch(number):
        return "copyright"
    if SOFTWARE_NO.fullmatch(number):
        return "software"
    return None


def _numbers(text: str, trademark_context: bool) -> list[re.Match]:
    patents = [m for m in PATENT_NO.finditer(text) if PatentNumber.parse(m.group())]   # no dot: only if it adds up
    found = [*patents, *COPYRIGHT_NO.finditer(text), *SOFTWARE_NO.finditer(text)]
    if trademark_context:
        found += [m for m in TRADEMARK_NO.finditer(text) if not any(m.start() < f.end() and f.start() < m.end() for f in found)]
    return sorted(found, key=lambda m: m.start())


def _written(number: str) -> str:
    """A right's number as the draft writes it: a patent number in one form (the same right read in two forms is one)."""
    number = re.sub(r"\s", "", number)
    patent = PatentNumber.parse(number)
    return patent.text if patent else number


def _cell_number(cell: str, trademark_table: bool, patent_column: bool) -> str | None:
    """The number a cell of a table's number column holds, as the draft writes it; None when it holds none.
    Under 申请号/专利号 (`patent_column`) the application number alone is a patent number too."""
    if patent_column and (patent := PatentNumber.parse(cell, bare=True)):
        return patent.text
    if _numbers(cell, trademark_table) or (trademark_table and BARE_TRADEMARK_NO.fullmatch(cell.strip())):
        return _written(cell)
    return None


# What a cell must look like to be read in its column (the number's column: a number); others take any text.
_CELL_FITS = {"owner": lambda cell: bool(orgs_listed(cell)),
              "kind": lambda cell: any(p.search(cell) for _, p in KIND_WORDS),
              **{key: lambda cell: find_date(cell) is not None for key in ("filing_date", "grant_date", "pledge_reg_date")}}
MAX_BLANKS = 2   # blank cells a table row may have and still be placed (the DOCX reader drops blank cells)


def _with_blanks(cells: list[str], columns: dict[str, int], width: int, trademark_table: bool,
                 patent_column: bool) -> list[str] | None:
    """A row with blank cells, as the header's columns: the blanks put back where exactly one placement gives
    every typed column a cell of its type (a number, a date, an organisation, a kind); None when none or several do
    (two date columns side by side with one left blank: which one is blank cannot be told)."""
    if not 0 < width - len(cells) <= MAX_BLANKS:
        return None

    def fits(key: str, cell: str) -> bool:
        if key == "reg_no":   # the number alone: a sentence after the table that names one is no row
            numbers = _numbers(cell, trademark_table)
            return _cell_number(cell, trademark_table, patent_column) is not None and \
                all(m.group().strip() == cell.strip() for m in numbers)
        return not cell or key not in _CELL_FITS or _CELL_FITS[key](cell)

    placements = []
    for blanks in itertools.combinations(range(width), width - len(cells)):
        rest = iter(cells)
        row = ["" if at in blanks else next(rest) for at in range(width)]
        if all(fits(key, row[at]) for key, at in columns.items()):
            placements.append(row)
    return placements[0] if len(placements) == 1 else None


def find_ip(lines: list[TextLine], aliases: dict[str, str] | None = None) -> list[Found]:
    """Every right the lines list, with what they state of it. `aliases` names the party a role word
    stands for ('原始权益人' -> the originator's name), for a pledgee written as a role."""
    rights: dict[str, _Right] = {}
    columns: dict[str, int] | None = None
    width, trademark_table, patent_column = 0, False, False
    by_file: dict[str, list[str]] = {}

    def right(number: str, line: TextLine) -> _Right:
        if number not in rights:
            rights[number] = _Right()
            by_file.setdefault(line.file, []).append(number)
        return rights[number]

    for line in lines:
        cells, evidence = line.cells(), Evidence.of(line)
        if columns is not None and len(cells) < width:
            cells = _with_blanks(cells, columns, width, trademark_table, patent_column) or cells
        number = None
        if columns is not None and len(cells) == width:
            number = _cell_number(cells[columns["reg_no"]], trademark_table, patent_column)
        if number:
            item = right(number, line)
            item.values.append(("reg_no", number, evidence))
            kind = number_kind(number) or ("trademark" if trademark_table else None)
            if "kind" in columns:
                kind = next((k for k, p in KIND_WORDS if p.search(cells[columns["kind"]])), kind)
            if kind:
                item.values.append(("ip_type", kind, evidence))
            for key in ("title", "pledge_reg_no"):
                if key in columns and cells[columns[key]] not in ("", "-", "—", "无"):
                    item.values.append((key, cells[columns[key]], evidence))
            if "owner" in columns:
                _owners(item, cells[columns["owner"]], evidence)
            for key in ("filing_date", "grant_date", "pledge_reg_date"):
                if key in columns and (day := find_date(cells[columns[key]])):
                    item.values.append((key, day[0], evidence))
            continue
        columns = None
        if len(cells) >= 2 and any(HEADERS[2][1].search(c) for c in cells):
            columns = {}
            for position, header in enumerate(cells):
                for key, pattern in HEADERS:
                    if key not in columns and pattern.search(header):
                        columns[key] = position
                        break
            if "reg_no" in columns:
                width = len(cells)
                trademark_table = any("商标" in c or "注册人" in c for c in cells)
                patent_column = bool(_PATENT_COLUMN.search(cells[columns["reg_no"]]))
                continue
            columns = None
        _read_sentence(line, right, by_file, aliases or {})
    found: list[Found] = []
    for position, item in enumerate(rights.values()):
        found.extend(Found(f"pool.ip[{position}].{key}", value, evidence) for key, value, evidence in item.values)
    return found


def _owners(item: _Right, text: str, evidence: Evidence) -> None:
    """'甲公司、乙大学' or '甲公司与乙大学共有' -> register_owner 甲公司 (the first listed), co_owners [乙大学]."""
    names = orgs_listed(_JOINED.sub("、", _JOINT.split(text)[0]))
    if names:
        item.values.append(("register_owner", names[0], evidence))
        if len(names) > 1:
            item.values.append(("co_owners", names[1:], evidence))


def _read_sentence(line: TextLine, right, by_file: dict[str, list[str]], aliases: dict[str, str]) -> None:
    text, evidence = line.text, Evidence.of(line)
    marks = _numbers(text, "商标" in text)
    for i, match in enumerate(marks):
        number = _written(match.group())
        item = right(number, line)
        item.values.append(("reg_no", number, evidence))
        before = text[max(0, match.start() - 12): match.start()]
        segment = text[match.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        kind = number_kind(number)
        said = _KIND_SAID.search(segment)
        if said:
            kind = next(k for k, p in KIND_WORDS if p.search(said.group(1)))
        elif kind is None and "商标" in before + segment[:4]:
            kind = "trademark"
        if kind:
            item.values.append(("ip_type", kind, evidence))
        if (title := _TITLE_SAID.search(segment)):
            item.values.append(("title", title.group(1), evidence))
        if (owner := _SAID["owner"].search(segment)):
            _owners(item, owner.group(1), evidence)
        elif (owner := _EN_OWNER.search(segment)):
            co_owned = _EN_CO_OWNED.search(segment)
            others = re.findall(EN_ORG, co_owned.group(1)) if co_owned else []
            item.values.append(("register_owner", owner.group(1).strip(), evidence))
            if others:
                item.values.append(("co_owners", [name.strip() for name in others], evidence))
        for key in ("filing_date", "grant_date", "pledge_reg_date"):
            if (said := _SAID[key].search(segment)) and (day := find_date(said.group(1))):
                item.values.append((key, day[0], evidence))
        # '…，已于2023年6月20日办理专利权质押登记': the right's own pledge registration date
        if not _SAID["pledge_reg_date"].search(segment) and (said := _PLEDGE_REGISTERED_ON.search(segment)) \
                and (day := find_date(said.group(1))):
            item.values.append(("pledge_reg_date", day[0], evidence))
        if (pledge := _SAID["pledge_reg_no"].search(segment)):
            item.values.append(("pledge_reg_no", pledge.group(1), evidence))
    if not marks:
        # Statements about every right listed so far in this file: the pledgee, the licence record.
        numbers = [rights_number for rights_number in by_file.get(line.file, [])]
        pledgee = _PLEDGEE.search(text)
        name = org_at_start(pledgee.group(1)) if pledgee else None
        of_all = _pledge_of_all(text, aliases) if _ALL_LISTED.search(text) else []
        for number in numbers:
            item = right(number, line)
            if of_all:
                item.values.extend((key, value, evidence) for key, value in of_all)
            elif name and item.has("pledge_reg_no"):
                item.values.append(("pledgee", name, evidence))
        recorded = _LICENCE_RECORDED.search(text)
        if recorded and (day := find_date(recorded.group(1))) and "上述" in text:
            for number in numbers:
                right(number, line).values.append(("license_recorded_date", day[0], evidence))


def _pledge_of_all(text: str, aliases: dict[str, str]) -> list[tuple[str, object]]:
    """What a sentence about all the listed rights states of their pledge: the registration date, the pledgee
    (a role word such as 原始权益人 named as the party it stands for)."""
    out: list[tuple[str, object]] = []
    said = _SAID["pledge_reg_date"].search(text) or _PLEDGE_REGISTERED_ON.search(text)
    if said and (day := find_date(said.group(1))):
        out.append(("pledge_reg_date", day[0]))
    holder = _PLEDGEE.search(text) or _PLEDGED_TO.search(text)
    if holder:
        words = holder.group(1).strip()
        name = org_at_start(words) or next((aliases[w] for w in sorted(aliases, key=len, reverse=True)
                                            if words.startswith(w)), None)
        if name:
            out.append(("pledgee", name))
    return out
