"""CLI commands of the compliance checker: check, rules (list/show/test), schema."""
from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from dataclasses import asdict

import click

from errors import NotFound
from rules.basis import ReportContext
from rules.deal import DealError, deal_schema
from rules.deal_io import load_deal_file
from rules.engine import Checker
from rules.findings import Report
from rules.labels import verdict_help
from rules.packs import PackError, find_rule
from rules.report import FORMATS, finite, render, to_json_dict
from rules.report_md import diff_markdown
from rules.whatif import apply_changes, diff_reports


def _checker() -> Checker:
    try:
        return Checker.default()
    except PackError as exc:
        raise click.ClickException(f"cannot load rule packs: {exc}") from None


def _date(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


def _library():
    """The knowledge base the settings name, for basis lookups only: never created or filled here."""
    from app.knowledge import open_kb
    from app.settings import get_settings

    settings = get_settings()
    if not settings.chroma_url and not (settings.data_dir / "chroma").is_dir():
        raise FileNotFoundError(f"no library in {settings.data_dir.resolve()} (set IPABS_DATA_DIR, or ingest the laws)")
    return open_kb(settings)


def _context(report: Report, deal, deal_file: str) -> ReportContext:
    from app.basis import report_context
    from app.deal_evidence import read_evidence, unconfirmed
    from rules.report import unconfirmed_rows

    context = report_context(_library, report, f"{getpass.getuser()} (command line)", deal)
    context.evidence, problem = read_evidence(deal_file)   # a draft from `ipabs intake`: where each fact was read
    context.unconfirmed = unconfirmed(deal_file, deal)     # and what it could not confirm, while the deal still holds it
    if problem:
        click.echo(f"warning: {problem}", err=True)
    if context.unconfirmed:   # said on stderr too: an HTML, JSON or PDF report is often not read at the terminal
        click.echo(f"warning: {len(context.unconfirmed)} value(s) intake could not confirm are still in the deal: "
                   + "; ".join(f"{path} = {value}" for _, path, value, *_ in unconfirmed_rows(context)), err=True)
    return context


def _emit(report: Report, fmt: str, context: ReportContext) -> None:
    """Print the report; a PDF goes to stdout as bytes, so it must be redirected to a file."""
    if fmt != "pdf":
        click.echo(render(report, fmt, context), nl=False)
        return
    from app.pdf import PdfError, html_to_pdf

    if sys.stdout.isatty():
        raise click.UsageError("a PDF is binary: redirect it to a file, e.g. `ipabs check deal.yaml --format pdf > report.pdf`")
    try:
        pdf = html_to_pdf(render(report, "html", context))
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
    except PdfError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("check")
@click.argument("deal_file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "pdf"]), default="md", show_default=True,
              help="Report format: Markdown to read, HTML to share, JSON for tools, PDF to sign "
                   "(printed from the HTML by headless Chromium; redirect it to a file).")
@click.option("--pack", "packs", multiple=True, metavar="NAME",
              help="Check against this pack only (repeatable). Default: every pack "
                   "(cn-ipabs, cn-subsidy, eu-securitisation).")
@click.option("--as-of", callback=_date, metavar="YYYY-MM-DD",
              help="Judge the deal on this date: only rules in force then apply. "
                   "Default: the deal's as_of, else its issue or establishment date, else today.")
@click.option("--set", "changes", multiple=True, metavar="FIELD=VALUE",
              help="What-if: change a field and re-run, e.g. --set pool.ip[0].annual_fee_paid=false "
                   "--set deal.raised_size=1e8. Prints the changed report, then which findings changed.")
def check_cmd(deal_file: str, fmt: str, packs: tuple[str, ...], as_of: dt.date | None,
              changes: tuple[str, ...]) -> None:
    """Check DEAL_FILE (YAML or JSON) and print its compliance report."""
    deal = load_deal_file(deal_file)   # a DealError lists every problem (app.cli shows it, status 2)
    checker = _checker()
    selected = list(packs) or None
    try:
        report = checker.check(deal, as_of=as_of, packs=selected)
        if not changes:
            _emit(report, fmt, _context(report, deal, deal_file))
            return
        try:
            changed = apply_changes(deal, list(changes))
        except DealError as exc:   # the file is named: the change is to that deal
            raise DealError(exc.problems, f"{deal_file} with --set") from None
        after = checker.check(changed, as_of=as_of, packs=selected)
    except ValueError as exc:  # e.g. an unknown pack name
        raise click.UsageError(str(exc)) from None
    diff = diff_reports(report, after)
    if fmt == "json":
        # Each side as `--format json` prints a report, its bases quoted from the library (user13 S3-5).
        both = finite({"before": to_json_dict(report, _context(report, deal, deal_file)),
                       "after": to_json_dict(after, _context(after, changed, deal_file)),
                       "changed": [asdict(c) for c in diff]})
        click.echo(json.dumps(both, ensure_ascii=False, indent=2, allow_nan=False))
        return
    _emit(after, fmt, _context(after, changed, deal_file))
    if fmt == "md":
        click.echo("")
        click.echo(diff_markdown(report.verdict, after.verdict, diff), nl=False)
    else:   # HTML and PDF stay one document; the what-if summary goes to stderr
        click.echo(diff_markdown(report.verdict, after.verdict, diff), nl=False, err=True)


check_cmd.help = f"""Check DEAL_FILE (YAML or JSON) and print its compliance report.

    Every applicable rule yields a finding: pass, fail (a blocking rule broken), warn (a warning
    rule broken, or a note when an info rule is broken) or not_evaluable (the fields it needs are
    missing). Verdict: {verdict_help()} Each cited article is quoted from the knowledge base in
    $IPABS_DATA_DIR, in the version in force on the as-of date. A bad deal file prints every
    problem at once and exits with status 2.

    \b
    Examples:
      ipabs check rules/samples/pledge-loan-nanshan-5.yaml
      ipabs check deal.yaml --format html > report.html
      ipabs check deal.yaml --format pdf > report.pdf
      ipabs check deal.yaml --set pool.ip[0].annual_fee_paid=false --set deal.raised_size=1e8
    """


@click.group("rules")
def rules_group() -> None:
    """Inspect and test the rule packs (rules/packs/*.yaml)."""


@rules_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def rules_list(as_json: bool) -> None:
    """List every rule and subsidy programme with pack, severity and basis."""
    rows = []
    for pack in _checker().packs:
        for item in pack.items:
            rows.append({"id": item.id, "pack": pack.name, "version": pack.version,
                         "severity": getattr(item, "severity", "info"),
                         "kind": "programme" if hasattr(item, "criteria") else "rule",
                         "title": item.title, "basis": [b.as_dict() for b in item.basis],
                         "tests": len(item.tests)})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        tags = "/".join(b["verification"] for b in r["basis"])
        click.echo(f"{r['id']:<14} {r['pack']:<18} {r['severity']:<9} [{tags}] {r['title']['en']}")
    click.echo(f"{len(rows)} rules and programmes in {len(_checker().packs)} packs")


@rules_group.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """Show one rule (condition, basis, remediation, test cases) or subsidy programme."""
    item = find_rule(rule_id, _checker().packs)
    if item is None:
        raise NotFound(f"no rule {rule_id!r}; see `ipabs rules list`")
    click.echo(f"{item.id} — {item.title['en']} / {item.title['zh']}")
    click.echo(f"pack: {item.pack}")
    if hasattr(item, "condition"):
        click.echo(f"severity: {item.severity}; topic: {item.topic}")
        click.echo(f"applies to: models {', '.join(item.models) or 'all'}; venues {', '.join(item.venues) or 'all'}")
        if item.effective_from or item.effective_to:
            click.echo(f"in force: {item.effective_from or '…'} to {item.effective_to or '…'}")
        if item.when:
            click.echo(f"only when: {item.when.source}")
        click.echo(f"condition (true = compliant): {item.condition.source}")
        click.echo(f"remediation: {item.remediation}")
    else:
        click.echo(f"jurisdiction: {item.jurisdiction}; eligible party: {item.eligible_party}")
        for crit in item.criteria:
            click.echo(f"criterion: {crit.test.source}")
        click.echo(f"award: {item.amount.source if item.amount else '(no formula)'} {item.currency}")
        click.echo(f"as of {item.as_of}; source: {item.source}")
    click.echo("basis:")
    for b in item.basis:
        click.echo(f"  - {b.instrument} {b.article} [{b.verification}]")
    click.echo(f"test cases: {len(item.tests)}")
    for case in item.tests:
        expected = case.expect or f"eligible={case.eligible}"
        click.echo(f"  - {case.name}: expect {expected}")


@rules_group.command("test")
@click.option("-v", "--verbose", is_flag=True, help="Print every case, not only failures.")
def rules_test(verbose: bool) -> None:
    """Run every rule's own test cases through the real engine; exit 1 on any failure."""
    from rules.casetest import run_all

    checker = _checker()
    results = run_all(checker.packs, checker)
    failed = [r for r in results if not r.ok]
    for r in results:
        if verbose or not r.ok:
            mark = "ok  " if r.ok else "FAIL"
            click.echo(f"{mark} {r.rule_id:<14} {r.case:<40} expected {r.expected}, got {r.got}")
    rules = len({r.rule_id for r in results})
    click.echo(f"{len(results) - len(failed)}/{len(results)} cases passed across {rules} rules")
    if failed:
        sys.exit(1)


@click.group("schema")
def schema_group() -> None:
    """Print JSON Schemas."""


@schema_group.command("deal")
def schema_deal() -> None:
    """Print the JSON Schema of a deal file."""
    click.echo(json.dumps(deal_schema(), ensure_ascii=False, indent=2))


commands: list = [check_cmd, rules_group, schema_group]
