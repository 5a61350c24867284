"""Scanned-PDF fixtures made at run time: text drawn into page images (CJK font), noise and skew, image-only PDFs."""
from __future__ import annotations

import io
import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
if not CORPUS.is_dir():   # a worktree under /work/wt: the shared folder sits at /work/shared
    CORPUS = Path("/work/shared/corpus")
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"   # Debian fonts-wqy-microhei
DPI = 200
PAGE_PX = (1654, 2339)       # A4 at 200 dpi
MARGIN_PX = 150
FONT_PX = 34                 # about 12 pt at 200 dpi: body text of an offering circular


def corpus_articles(name: str, first: int, count: int) -> list[str]:
    """`count` consecutive article paragraphs of a corpus law, from its `first`-th 第X条 line on, read
    at run time (never copied into the repository)."""
    text = (CORPUS / name).read_text(encoding="utf-8").split("<!-- INFO END -->")[-1]
    paragraphs = [p.strip() for p in text.split("\n") if p.strip() and not p.startswith("#")]
    starts = [i for i, p in enumerate(paragraphs) if re.match(r"^第[一二三四五六七八九十百零]+条", p)]
    begin = starts[first - 1]
    end = starts[first - 1 + count] if first - 1 + count < len(starts) else len(paragraphs)
    return paragraphs[begin:end]


def wrap(paragraphs: list[str], font, width: int) -> list[str]:
    """Break paragraphs into lines that fit `width` pixels, as a word processor would for CJK text."""
    lines: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for ch in paragraph:
            if font.getlength(line + ch) > width:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


def render_pages(paragraphs: list[str], seed: int = 0, skew_deg: float = 0.6, noise: float = 0.004,
                 font_px: int = FONT_PX) -> list:
    """Page images (mode L) of the paragraphs, with salt-and-pepper noise and a slight rotation."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    font = ImageFont.truetype(FONT_PATH, font_px)
    lines = wrap(paragraphs, font, PAGE_PX[0] - 2 * MARGIN_PX)
    per_page = (PAGE_PX[1] - 2 * MARGIN_PX) // int(font_px * 1.6)
    pages = []
    for start in range(0, len(lines), per_page):
        image = Image.new("L", PAGE_PX, 255)
        draw = ImageDraw.Draw(image)
        y = MARGIN_PX
        for line in lines[start:start + per_page]:
            draw.text((MARGIN_PX, y), line, font=font, fill=rng.randint(0, 60))
            y += int(font_px * 1.6)
        pixels = image.load()
        for _ in range(int(noise * PAGE_PX[0] * PAGE_PX[1])):
            x, y = rng.randrange(PAGE_PX[0]), rng.randrange(PAGE_PX[1])
            pixels[x, y] = rng.choice((0, 90, 255))
        angle = rng.uniform(-skew_deg, skew_deg)
        pages.append(image.rotate(angle, resample=Image.BILINEAR, fillcolor=255))
    return pages


def image_pdf(images: list) -> bytes:
    """An image-only PDF (no text layer), one image per page, as a scanner writes it."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return buffer.getvalue()


def scanned_pdf(path: Path, paragraphs: list[str], **kwargs) -> Path:
    path.write_bytes(image_pdf(render_pages(paragraphs, **kwargs)))
    return path


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), two rows at a time."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate with all whitespace ignored (line breaks differ between engines)."""
    ref, hyp = "".join(reference.split()), "".join(hypothesis.split())
    return edit_distance(ref, hyp) / max(len(ref), 1)


# Text written here for the fixtures: the head of a (fictional) local supporting policy.
POLICY_TEXT = [
    "第一条 为支持本区科技型中小企业以知识产权融资，制定本办法。",
    "第二条 本办法所称知识产权证券化，是指以专利、商标、著作权等知识产权所产生的现金流为基础资产，发行资产支持证券的融资活动。",
    "第三条 对在证券交易所成功发行知识产权资产支持证券的原始权益人，按实际发行规模的百分之一给予补贴，单个项目最高不超过人民币300万元。",
    "第四条 入池企业的注册地应当在本区，入池知识产权的权属应当清晰，不存在质押、查封等权利限制。",
    "第五条 申请人应当于专项计划设立之日起六个月内提出申请，并提交计划说明书、法律意见书和资金使用情况说明。",
    "第六条 本办法自2024年1月1日起施行，有效期三年。",
]
