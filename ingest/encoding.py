"""Bytes to text: UTF-8 (with or without BOM), GB18030/GBK and whatever charset-normalizer recognises."""
from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from .document import IngestError

# A text is "CJK-heavy" when at least this share of its non-ASCII characters are Han or CJK punctuation.
CJK_SHARE = 0.6
# Decoded text with more than this share of control characters is binary, whatever it decoded as.
CONTROL_SHARE = 0.05


def is_cjk(ch: str) -> bool:
    """True for Han ideographs and the CJK / full-width punctuation that Chinese laws use."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2FA1F
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
    )


def cjk_share(text: str) -> float:
    """Share of the non-ASCII characters that are CJK; 0.0 when the text is pure ASCII."""
    wide = [ch for ch in text if ord(ch) > 127]
    return sum(is_cjk(ch) for ch in wide) / len(wide) if wide else 0.0


def nul_offset(data: bytes) -> int:
    """Offset of the first NUL byte, or -1. NUL never occurs in the text encodings we accept (UTF-16
    is caught by its BOM first), so one anywhere in the file (not only near the top) means binary."""
    return data.find(b"\x00")


def control_share(text: str) -> float:
    """Share of characters that are control or unassigned code points (tabs and newlines excepted)."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Cn", "Co"))
    return bad / len(text)


def decode(data: bytes, file: str) -> str:
    """Decode a text file; raise IngestError for binary content or bytes no known charset explains."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), file)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="replace"), file)
    nul = nul_offset(data)
    if nul >= 0:
        raise IngestError(file, f"binary content, not text (NUL byte at offset {nul:,})")
    try:
        return _checked(data.decode("utf-8"), file)
    except UnicodeDecodeError:
        pass
    # Chinese files often arrive in GB18030 (a superset of GBK and GB2312); charset-normalizer
    # sometimes calls such bytes Big5 or Shift-JIS, so a clean, CJK-heavy GB18030 reading wins.
    try:
        text = data.decode("gb18030")
        if cjk_share(text) >= CJK_SHARE:
            return _checked(text, file)
    except UnicodeDecodeError:
        pass
    text = decode_by_line(data)
    if text is not None:
        return _checked(text, file)
    best = from_bytes(data).best()
    if best is None:
        raise IngestError(file, "cannot decode text (not UTF-8, GB18030 or another known charset)")
    return _checked(str(best), file)


def decode_by_line(data: bytes) -> str | None:
    """A file pasted together from UTF-8 and GB18030 sources: each line in whichever of the two reads
    it strictly. None unless every line decodes and the GB18030 lines read as Chinese. Splitting at
    b"\\n" is safe: neither encoding uses that byte inside a multi-byte character."""
    lines: list[str] = []
    gb_lines: list[str] = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            line = raw.decode("gb18030")
        except UnicodeDecodeError:
            return None
        lines.append(line)
        gb_lines.append(line)
    if not gb_lines or cjk_share("".join(gb_lines)) < CJK_SHARE:
        return None
    return "\n".join(lines)


def _checked(text: str, file: str) -> str:
    """Reject a decoding that is mostly control characters: that is binary data, not text."""
    if control_share(text) > CONTROL_SHARE:
        raise IngestError(file, "binary content, not text")
    return text
