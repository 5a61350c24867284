"""The claims in the pool, from a claims table: obligor, amount, last due date (one row per claim)."""
from __future__ import annotations

import re

from rules.intake.evidence import Evidence, Found, TextLine
from rules.intake.parties import org_at_start
from rules.intake.values import cell_amount, find_date, header_unit

# Table headers -> Claim field. The obligor column is named for the model's debtor.
HEADERS = [("obligor", re.compile(r"债务人|承租人|被许可人|借款人|承兑人|付款人|买方")),
           ("amount", re.compile(r"金额|余额|应收|本金|许可费|租金")),
           ("last_due_date", re.compile(r"到期日"))]


def find_claims(lines: list[TextLine]) -> list[Found]:
    """Rows of a table whose header names a debtor column and an amount column."""
    found: list[Found] = []
    columns: dict[str, int] | None = None
    width, unit, position = 0, None, 0
    for line in lines:
        cells = line.cells()
        if columns is not None and len(cells) == width:
            obligor = org_at_start(cells[columns["obligor"]])
            amount = cell_amount(cells[columns["amount"]], unit)
            if obligor and obligor == cells[columns["obligor"]] and amount is not None:
                evidence = Evidence.of(line)
                prefix = f"pool.claims[{position}]"
                found += [Found(f"{prefix}.obligor", obligor, evidence), Found(f"{prefix}.amount", amount, evidence)]
                if "last_due_date" in columns and (day := find_date(cells[columns["last_due_date"]])):
                    found.append(Found(f"{prefix}.last_due_date", day[0], evidence))
                position += 1
                continue
        columns = None
        if len(cells) >= 2:
            heading: dict[str, int] = {}
            for at, header in enumerate(cells):
                for key, pattern in HEADERS:
                    if key not in heading and pattern.search(header):
                        heading[key] = at
                        break
            if "obligor" in heading and "amount" in heading:
                columns, width = heading, len(cells)
                unit = header_unit(cells[heading["amount"]])
    return found
