"""Blocks to chunks: one chunk per article, long articles split at paragraph (款) boundaries."""
from __future__ import annotations

import math
import re

from .document import Chunk
from .loaders import Line
from .structure import Block

# An article longer than this is split. Chinese packs more meaning per character than English,
# and both limits keep a piece inside the 512-token window of the embedding models we use.
ARTICLE_LIMIT = {"zh": 1200, "en": 2000}
# Unstructured text (policy notes, memos, preambles) is cut into pieces of about this size.
TEXT_TARGET = 800
# A sentence ends at these marks; an over-long paragraph is cut after one of them. The period of a
# heading abbreviation ("Sec. 9", "Art. 6") ends no sentence: cutting there parts a heading from its text.
_ABBREVIATIONS = ("Sec", "Art", "Arts", "No", "Para", "para", "Ch", "Reg", "cf", "pp", "p")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.:])" + "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS) + r"(?=\s)")


def make_chunks(blocks: list[Block], doc_id: str, language: str) -> list[Chunk]:
    """Number the chunks of a document in order; chunk_id = f'{doc_id}:{seq:04d}'."""
    limit = ARTICLE_LIMIT.get(language, ARTICLE_LIMIT["en"])
    chunks: list[Chunk] = []
    for block in blocks:
        if block.kind == "heading" and block.used:
            continue  # its words live on in the path of the chunks below it
        if block.kind == "article":
            pieces, label, path = pack(block.lines, limit), block.label, block.path + (block.label,)
        else:   # body text, or a heading nothing hangs under
            pieces, label, path = pack(block.lines, TEXT_TARGET, limit), "", block.path
        # A hard cut can leave a piece of blanks only: drop it before numbering, so parts run 1..n.
        pieces = [p for p in pieces if any(line.text.strip() for line in p)]
        for index, piece in enumerate(pieces, start=1):
            # A heading line kept in the text (a Markdown title) stands apart by a blank line: read as
            # one paragraph with the sentence after it, it became the start of that sentence in quotes.
            text = "\n".join(line.text.strip() + ("\n" if line.level else "") for line in piece if line.text.strip()).strip()
            seq = len(chunks)
            chunks.append(Chunk(
                chunk_id=f"{doc_id}:{seq:04d}",
                seq=seq,
                text=text,
                article=label,
                path=" > ".join(path),
                page=next((line.page for line in piece if line.page is not None), None),
                part=index if len(pieces) > 1 else 0,
                article_no=block.number if label else None,
            ))
    return chunks


def pack(lines: list[Line], target: int, limit: int | None = None) -> list[list[Line]]:
    """Group lines into pieces of about `target` characters, never over `limit` (default: target).
    Pieces are balanced (1,300 chars with a 1,200 limit gives two of ~650, not 1,200 + 100);
    a single line over the limit is cut at sentence ends, and hard-cut only as a last resort."""
    limit = max(limit or target, target)
    lines = [line for line in lines if line.text.strip()]
    total = sum(len(line.text.strip()) + 1 for line in lines)
    if total <= target:
        return [lines] if lines else []
    goal = total / math.ceil(total / target)
    pieces: list[list[Line]] = []
    current: list[Line] = []
    size = 0
    for line in _short_lines(lines, limit):
        length = len(line.text.strip()) + 1
        # Close the piece when this line would overflow the hard limit, or would end up mostly
        # beyond the goal (its middle past the goal), which keeps pieces near the goal both ways.
        if current and (size + length > limit or size + length / 2 > goal):
            pieces.append(current)
            current, size = [], 0
        current.append(line)
        size += length
    if current:
        pieces.append(current)
    return pieces


def _short_lines(lines: list[Line], limit: int) -> list[Line]:
    """Lines as they are, except that a line longer than `limit` becomes several shorter ones."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if len(text) <= limit:
            out.append(line)
            continue
        part = ""
        for sentence in _SENTENCE_END.split(text):
            head = 0  # step through an over-long "sentence"; re-slicing the rest each time is quadratic
            while len(sentence) - head > limit:  # one "sentence" longer than a whole chunk: cut it
                if part:
                    out.append(Line(part, line.page, line.level))
                    part = ""
                out.append(Line(sentence[head:head + limit], line.page, line.level))
                head += limit
            sentence = sentence[head:]
            if part and len(part) + len(sentence) > limit:
                out.append(Line(part, line.page, line.level))
                part = ""
            part += sentence
        if part.strip():
            out.append(Line(part, line.page, line.level))
    return out
