"""Report downloads: every check gets its own files, even two checks of one deal in the same second."""
from __future__ import annotations

from app.web.deals import write_downloads
from rules.deal_io import load_deal_file
from rules.engine import Checker
from rules.samples import sample_path


def test_two_checks_of_one_deal_never_share_download_files(tmp_path):
    checker = Checker.default()
    deal = load_deal_file(sample_path("license-fee-guangzhou-kaide"))
    first = write_downloads(checker.check(deal), tmp_path, "first")
    second = write_downloads(checker.check(deal, as_of="2030-01-01"), tmp_path, "second")
    assert set(first) == set(second) == {"md", "html", "json"}
    assert not set(first.values()) & set(second.values())
    assert all(p.read_text(encoding="utf-8") for p in [*first.values(), *second.values()])
