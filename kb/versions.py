"""Versions of one instrument (kept for callers outside kb; the names live in kb.records)."""
from kb.records import instrument_name, supersede, unlink  # noqa: F401
