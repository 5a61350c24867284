"""Prints a report's HTML to PDF with headless Chromium (Debian's package), Chinese text embedded as text."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PRINT_TIMEOUT_S = 180   # a 40-page report prints in a few seconds; a hung browser must not hang a request
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# No script runs and nothing is fetched: the report page carries a Content-Security-Policy that forbids both
# (`--blink-settings=scriptEnabled=false` would do it too, but with it Chromium 156 prints nothing).


class PdfError(RuntimeError):
    """The PDF could not be printed (no browser, or the browser failed); the message says which."""


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("PDF output needs headless Chromium: install Debian's `chromium` package "
                   "(apt-get install chromium fonts-wqy-microhei)")


def html_to_pdf(html: str) -> bytes:
    """The PDF Chromium prints from `html` (A4, the page's own @page margins, no header or footer)."""
    exe = browser()
    with tempfile.TemporaryDirectory(prefix="ipabs-pdf-") as tmp:
        folder = Path(tmp)
        page, out = folder / "report.html", folder / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [exe, *FLAGS, f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not print the report within {PRINT_TIMEOUT_S} s") from None
        if not out.exists() or out.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise PdfError(f"Chromium printed no PDF (exit {done.returncode}): {' | '.join(tail)}")
        return out.read_bytes()
