"""`ipabs intake`: draft a deal file from offering documents, with the evidence for every value."""
from __future__ import annotations

from pathlib import Path

import click

from app.intake import draft_from_files, review_lines, write_draft
from rules.deal import clip
from rules.intake import NOT_FOUND_LABEL, Draft

SHOWN_CHARS = 70


def _progress(done: int, total: int, page: int) -> None:
    click.echo(f"  OCR page {page} ({done}/{total})", err=True)


def summary_lines(draft: Draft) -> list[str]:
    """Found / conflicts / to confirm / to ask / not found, one line each, as the CLI prints them."""
    out = [f"Found {len(draft.evidence)} field(s):"]
    for path, sources in draft.evidence.items():
        first = sources[0].evidence
        page = f" p.{first.page}" if first.page else ""
        more = f" (+{len(sources) - 1} agreeing)" if len(sources) > 1 else ""
        out.append(f"  {path} = {sources[0].value}   [{first.file}{page}: {clip(first.text, SHOWN_CHARS)}]{more}")
    if draft.conflicts:
        out.append(f"Conflicts ({len(draft.conflicts)}), left empty for you to decide:")
        for path, sources in draft.conflicts.items():
            shown = " | ".join(f"{s.value} [{s.evidence.file} p.{s.evidence.page or '-'}]" for s in sources)
            out.append(f"  {path}: {shown}")
    if draft.dropped:
        out.append("Refused by the deal model:")
        out.extend(f"  {problem}" for problem in draft.dropped)
    out += review_lines(draft)
    out.append(f"{NOT_FOUND_LABEL}: " + (", ".join(draft.missing) or "none"))
    return out


@click.command("intake")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="Write the draft deal here (YAML), with "
              "<name>.evidence.json beside it. Without --out, only the summary is printed.")
@click.option("--id", "deal_id", default="draft", show_default=True, help="The draft deal's id.")
def intake_cmd(files: tuple[str, ...], out: str | None, deal_id: str) -> None:
    """Draft a deal from its offering documents (计划说明书, term sheet, IP list).

    Reads PDF (scanned pages by OCR), DOCX (tables included) and text in any Chinese encoding,
    and extracts the facts the deal model holds: model, venue, sizes, dates, tranches, parties,
    risk retention and the IP rights with their numbers, owners, dates and pledges. Every value
    carries its evidence (file, page, the verbatim line); two documents that disagree make a
    conflict, left empty; nothing is filled in without evidence. A patent number whose check
    digit does not add up is kept but listed to confirm, and a kind its type digit contradicts
    is left empty; for each IP right, the facts the checks need that were not found in the
    documents read are listed to ask the originator for (or to find where intake missed them).
    Then run `ipabs check` on it: its report repeats each value to confirm that the deal file
    still holds as intake wrote it.

    \b
    Examples:
      ipabs intake 计划说明书.pdf 专利清单.docx --out deal.yaml
      ipabs check deal.yaml
    """
    draft = draft_from_files([Path(f) for f in files], on_page=_progress, deal_id=deal_id)   # errors: app.cli
    for line in summary_lines(draft):
        click.echo(line)
    if out:
        sidecar = write_draft(draft, Path(out), [Path(f).name for f in files])
        click.echo(f"Wrote {out} and {sidecar}. Review it, then: ipabs check {out}")


commands = [intake_cmd]
