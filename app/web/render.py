"""Safe HTML and Markdown building: every piece of document, deal or user text goes through `esc` or `md`."""
from __future__ import annotations

import html
import unicodedata
from typing import Iterable

from rules.labels import SOURCE_KIND_MARK

# Characters that mean something to Markdown, to Gradio's HTML templates (`${…}`, `{{…}}`) or to
# auto-linkers (`:`). As numeric entities they render as themselves and are never syntax.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~$:"}
# One pass over the characters: escaping HTML first and Markdown after would turn the '#' of
# html.escape's &#x27; into &#35; again, and an apostrophe would show as "&#x27;".
_MD_ESCAPES = {**_MD_SPECIAL, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_TEMPLATE_SPECIAL = {"$": "&#36;", "{": "&#123;", "}": "&#125;"}


def esc(text: object) -> str:
    """Text for an HTML context: tags, quotes and template braces become inert entities."""
    escaped = html.escape("" if text is None else str(text), quote=True)
    return "".join(_TEMPLATE_SPECIAL.get(c, c) for c in escaped)


def repost_mark(source_kind: str) -> str:
    """The mark after a source that is a repost, not the issuer's notice (S3-5); "" for the issuer's own."""
    mark = SOURCE_KIND_MARK[source_kind]
    return f' <strong class="ipabs-repost">{esc(mark)}</strong>' if mark else ""


def md(text: object) -> str:
    """Text for a Markdown context (chat messages): no tag, link, emphasis or autolink survives."""
    return "".join(_MD_ESCAPES.get(c, c) for c in ("" if text is None else str(text)))


def md_lines(text: object) -> str:
    """`md` that keeps line breaks as Markdown hard breaks."""
    return "  \n".join(md(line) for line in str(text or "").splitlines())


def _quote_parts(quote: str) -> list[str]:
    from kb.answer import split_sentences

    # "…" marks what the quote leaves out (a cut end, sentences between two quoted ones): split there.
    parts = [p.strip() for piece in quote.split("…") for p in split_sentences(piece)]
    return [p for p in parts if len(p) >= 2]


def highlight_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Character spans of `passage` that repeat the quoted sentences (merged, in order)."""
    spans: list[tuple[int, int]] = []
    for part in _quote_parts(quote):
        start = passage.find(part)
        if start < 0:
            # A long quote was cut: its opening words still locate it.
            start = passage.find(part[:40]) if len(part) > 40 else -1
            if start < 0:
                continue
            end = start + len(part) if passage[start:start + len(part)] == part else start + 40
        else:
            end = start + len(part)
        spans.append((start, end))
    return _merged(spans)


def loose_span(passage: str, quote: str) -> tuple[int, int] | None:
    """Where a model's quote sits in `passage`, ignoring case, width, spacing and punctuation (as the
    verifier matches it); None when it is not there verbatim in that sense (a fuzzy match is not marked)."""
    keep, where = [], []
    for i, ch in enumerate(passage):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isalnum():
                keep.append(c)
                where.append(i)
    target = "".join(c for c in unicodedata.normalize("NFKC", quote).casefold() if c.isalnum())
    start = "".join(keep).find(target) if target else -1
    return None if start < 0 else (where[start], where[start + len(target) - 1] + 1)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(passage: str, quote: str, model_quotes: Iterable[str] = ()) -> str:
    """The passage as safe HTML with the quoted sentences in `<mark>` (and, for a generated answer, the
    spans its shown sentences quote); line breaks kept."""
    spans = highlight_spans(passage, quote) if quote else []
    spans = _merged(spans + [s for s in (loose_span(passage, q) for q in model_quotes) if s])
    out, pos = [], 0
    for start, end in spans:
        out.append(esc(passage[pos:start]))
        out.append(f"<mark>{esc(passage[start:end])}</mark>")
        pos = end
    out.append(esc(passage[pos:]))
    return "".join(out).replace("\n", "<br>")


def table(headers: Iterable[str], rows: Iterable[Iterable[object]], cls: str = "ipabs-table") -> str:
    """A plain HTML table; every cell is escaped."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def notice(text: str, kind: str = "info") -> str:
    """A coloured one-box message (info | ok | warn | error)."""
    kind = kind if kind in {"info", "ok", "warn", "error"} else "info"
    return f'<div class="ipabs-notice ipabs-{kind}">{esc(text)}</div>'


def problem_list(title: str, problems: Iterable[str]) -> str:
    """An error box listing one problem per line (bad deal fields, refused files)."""
    items = "".join(f"<li>{esc(p)}</li>" for p in problems)
    return f'<div class="ipabs-notice ipabs-error"><strong>{esc(title)}</strong><ul>{items}</ul></div>'

