"""Form values typed by a person, checked before any work is done."""
from __future__ import annotations

from datetime import date


def date_field(label: str, text: str | None) -> str:
    """An ISO date from a text box, "" when empty; a clear error naming the field otherwise."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{label} must be a date like 2024-01-31, not {text!r}") from None
