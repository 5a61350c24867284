"""Form values typed by a person, checked before any work is done."""
from __future__ import annotations

import re
from datetime import date

from ingest.numerals import ARABIC
from rules.intake.values import amount_value


def date_field(label: str, text: str | None) -> str:
    """An ISO date from a text box, "" when empty; a clear error naming the field otherwise."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{label} must be a date like 2024-01-31, not {text!r}") from None


_AMOUNT = re.compile(rf"^(?:人民币|RMB|CNY|¥)?\s*({ARABIC})\s*(亿|万)?\s*元?$", re.IGNORECASE)


def amount_field(label: str, text: str | None) -> float | int | None:
    """Yuan from `733,000,000`, `7.33亿`, `7330 万元` or `RMB 733000000`; None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    match = _AMOUNT.match(text)
    if not match:
        raise ValueError(f"{label} must be an amount in yuan like 733,000,000 or 7.33亿, not {text!r}")
    value = amount_value(match.group(1), match.group(2))
    return int(round(value)) if abs(value - round(value)) < 1e-6 else value


def amount_text(value) -> str:
    """An amount as the form shows it: `733,000,000`."""
    if value is None or value == "":
        return ""
    return f"{value:,.0f}" if float(value) == int(value) else f"{value:,.2f}"
