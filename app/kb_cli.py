"""CLI commands of the knowledge base: ingest, ask, docs, kb."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from app.settings import get_settings
from ingest.metadata import DOC_TYPES
from kb.retriever import SEARCH_MODES, Retriever


def _kb():
    from app.knowledge import open_kb

    return open_kb()


def _audit(kb, action: str, **details) -> None:
    """A library change made from the command line goes into the same audit log as the web's, by the OS user
    (a newcomer found CLI ingests, deletes and imports of a served library recorded nowhere)."""
    import getpass
    from types import SimpleNamespace

    from app.settings import get_settings
    from app.web.audit import AuditLog, kb_state

    user = SimpleNamespace(name=f"{getpass.getuser()} (cli)", role="cli")
    AuditLog(get_settings().data_dir / "audit.jsonl", lambda: kb_state(kb), list).record(user, action, **details)


def _iso_date(ctx, param, value: str | None) -> str | None:
    if value in (None, ""):
        return value
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--title", help="Title, when the file does not say it.")
@click.option("--jurisdiction", help="CN, CN-GD, EU, US, … (overrides what is detected).")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), help="The document type (default: guessed from the file).")
@click.option("--issuer")
@click.option("--effective-from", callback=_iso_date, help="Date the document takes effect (YYYY-MM-DD).")
@click.option("--effective-to", callback=_iso_date, help="Date it stops being in force (YYYY-MM-DD).")
@click.option("--version", "version_", help="Version label, e.g. the amendment date.")
@click.option("--source", "source", help="Where the text comes from (e.g. the official gazette, the issuer's site); "
              "a file that states none cannot supersede a version whose source is on record.")
@click.option("--follow-links", is_flag=True, help="Also read symbolic links that point outside the given folders.")
def ingest(paths, title, jurisdiction, doc_type, issuer, effective_from, effective_to, version_, source, follow_links):
    """Parse, split by legal structure, embed and index files or folders.

    Re-ingesting the same bytes does nothing; a new version of the same title is stored beside the old
    one and takes over from its effective date. A bad file is reported as `file: reason` and the rest
    of the batch goes on. Exit code 1 when any file failed.
    """
    from tqdm import tqdm

    from app.ingestion import ingest_paths, walk

    overrides = {k: v for k, v in {
        "title": title, "jurisdiction": jurisdiction, "doc_type": doc_type, "issuer": issuer,
        "effective_from": effective_from, "effective_to": effective_to, "version": version_, "stated_source": source,
    }.items() if v}
    kb = _kb()
    settings = get_settings()
    with tqdm(total=len(walk(list(paths), follow_links)), unit="file", desc="ingest", disable=None) as bar:
        chunks = {"n": 0}

        def on_chunks(n: int) -> None:
            chunks["n"] += n
            bar.set_postfix(chunks=chunks["n"])

        def on_file(result) -> None:
            bar.update(1)
            # "superseded" counts a new version that replaces an older one: said so, it no longer reads as if the
            # file just ingested were the superseded one.
            mark = {"failed": "FAILED", "superseded": "added as a newer version, superseding the older one:"}.get(
                result.status, result.status)
            bar.write(f"{result.path}: {mark} {result.detail}".rstrip())

        def on_page(path: Path, done: int, total: int, page: int) -> None:
            # a long scan takes seconds a page: a line each shows it is moving (stderr, so stdout stays the results)
            where = f" (PDF p. {page})" if page != done else ""   # a mixed PDF: only its scanned pages are OCR'd
            bar.write(f"OCR {path.name}: page {done}/{total}{where}", file=sys.stderr)

        summary = ingest_paths(kb, list(paths), overrides, settings.max_file_bytes, on_file, on_chunks,
                               follow_links, on_page)
    if summary.counts()["added"] or summary.counts()["superseded"]:
        for language in Retriever.caption_languages():   # what was added: captions embedded now, not at the first ask
            kb.captions(language)
    _audit(kb, "ingest", files=[{"file": str(r.path), "status": r.status, "doc_id": r.doc_id, "detail": r.detail}
                                for r in summary.results])
    click.echo(summary.line())
    sys.exit(1 if summary.counts()["failed"] else 0)


def _batch_line(line: str) -> tuple[str, list[str]]:
    """A batch line: plain question text, or {"question": "...", "history": ["earlier question", ...]}."""
    if not line.startswith("{"):
        return line, []
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        raise click.ClickException(f"stdin line {line[:60]!r}: not valid JSON ({err.msg})")
    question, history = value.get("question") if isinstance(value, dict) else None, value.get("history", []) if isinstance(value, dict) else None
    if not isinstance(question, str) or not question.strip() or not isinstance(history, list) \
            or not all(isinstance(h, str) for h in history):
        raise click.ClickException(f"stdin line {line[:60]!r}: needs \"question\" (text) and optional \"history\" (list of texts)")
    return question.strip(), history


@click.command()
@click.argument("question")
@click.option("-k", "--k", default=3, show_default=True, help="How many searched passages to cite at most.")
@click.option("--jurisdiction", default="", help="Only documents of this jurisdiction (CN also covers CN-GD …).")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), help="Only documents of this type.")
@click.option("--as-of", default="", callback=_iso_date, help="Only versions in force on this date (default today).")
@click.option("--search", "search", type=click.Choice(SEARCH_MODES), default="hybrid",
              show_default=True, help="How passages are found: both searches fused, or one of them.")
@click.option("--mode", type=click.Choice(["extractive", "generate"]), default="extractive", show_default=True,
              help="generate: a language model (IPABS_LLM_*) writes the answer; only sentences verified "
                   "against the passages they cite are shown, else the quotes.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON; with QUESTION '-', one JSON object per stdin line.")
def ask(question, k, jurisdiction, doc_type, as_of, search, mode, as_json):
    """Answer a policy question with the governing articles quoted and cited.

    JSON: {"question", "resolved_question", "found", "answer", "notices", "citations": [{"n", "label",
    "title", "article", "page", "doc_id", "chunk_id", "quote", "score", "status", "state_on_as_of", …}],
    "related": [same as citations]}, the law first, commentary after. Not found: "citations" is empty, the
    reason is in "notices", and "related" lists the nearest passages, which do not answer. `ipabs ask --json -` reads stdin: each line is a question, or a
    JSON object {"question": "...", "history": ["earlier question", ...]} whose follow-up ("那外观设计呢？")
    is resolved against the history; one JSON object is printed per line. With --mode generate the JSON adds
    "mode", "model", "fallback", "notice" and "sentences": [{"text", "citations", "quote", "status", "reason"}];
    "answer" holds only what is shown.
    """
    from kb.answer import ask as answer
    from kb.retriever import Filters, Retriever

    if question == "-":
        turns = [_batch_line(line.strip()) for line in sys.stdin if line.strip()]
    else:
        turns = [(question, [])]
    retriever = Retriever(_kb())
    filters = Filters(jurisdiction=jurisdiction, doc_type=doc_type or "", as_of=as_of or "")
    generate = _generator(retriever) if mode == "generate" else None
    for q, history in turns:
        if generate:
            result = generate(q, k=k, filters=filters, search=search,
                              history=[{"role": "user", "content": h} for h in history])
        else:
            result = answer(retriever, q, k=k, filters=filters, search=search, history=history)
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            click.echo(result.answer)
            for c in result.citations:
                page = f", p. {c.page}" if c.page else ""
                on = f" on {c.as_of}" if c.as_of else ""   # a date asked, or a compared version's own first day
                click.echo(f"  [{c.n}] {c.title} {c.article}{page}  (doc {c.doc_id}, {c.state}{on}, score {c.score:.4f})")


def _generator(retriever):
    """generate_answer bound to the configured chat model, or a clear CLI error when none is configured."""
    from app.llm import LLMConfigError, make_chat_model
    from kb.llm_answer import generate_answer
    from kb.verify import Verifier

    try:
        chat = make_chat_model()
    except LLMConfigError as err:
        raise click.ClickException(str(err))
    if chat is None:
        raise click.ClickException("--mode generate needs a language model: set IPABS_LLM_BASE_URL and "
                                   "IPABS_LLM_MODEL (an OpenAI-compatible server) or IPABS_LLM_PROVIDER and IPABS_LLM_MODEL")
    verifier = Verifier(retriever.kb.embeddings)
    return lambda q, **options: generate_answer(chat, retriever, verifier, q, **options)


def _find(kb, doc_id: str):
    """The document DOC_ID (or a unique prefix) names, or a clear CLI error."""
    return kb.find_document(doc_id)   # errors.NotFound: one line from app.cli


@click.group()
def docs():
    """List, show and delete stored documents."""


@docs.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include versions no longer in force.")
@click.option("--json", "as_json", is_flag=True)
def docs_list(show_all, as_json):
    """Stored documents, newest version first within each title."""
    today = date.today().isoformat()
    records = sorted(_kb().documents().values(), key=lambda r: (r.title, r.effective_from), reverse=False)
    shown = [r for r in records if show_all or r.in_force(today)]
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps([asdict(r) for r in shown], ensure_ascii=False, indent=2))
        return
    for r in shown:
        state = "" if r.in_force(today) else "  [not in force]"
        click.echo(f"{r.doc_id}  {r.doc_type or '-':<12} {r.jurisdiction or '-':<6} {r.chunks:>5} chunks  "
                   f"{r.effective_from or '-':<10} {r.title}{state}")
    click.echo(f"{len(shown)} documents" + ("" if show_all else " in force (--all shows every version)"))


@docs.command("show")
@click.argument("doc_id")
@click.option("--chunks", "show_chunks", is_flag=True, help="Also print every chunk.")
def docs_show(doc_id, show_chunks):
    """A document's metadata (and its chunks); DOC_ID may be a unique prefix."""
    kb = _kb()
    record = _find(kb, doc_id)
    for key, value in vars(record).items():
        click.echo(f"{key:>15}: {value}")
    from kb.records import instrument_name

    name = instrument_name(record.title)
    versions = [r for r in kb.documents().values() if instrument_name(r.title) == name and r.doc_id != record.doc_id]
    for v in versions:
        click.echo(f"{'other version':>15}: {v.doc_id} {v.effective_from or '-'} → {v.effective_to or '-'}")
    if show_chunks:
        for c in kb.chunks_of(record.doc_id):
            click.echo(f"\n--- {c.article or '(no article)'}  {c.path}\n{c.text}")


@docs.command("delete")
@click.argument("doc_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def docs_delete(doc_id, yes):
    """Delete a document version and its chunks."""
    kb = _kb()
    record = _find(kb, doc_id)
    if not yes:
        click.confirm(f"Delete {record.title} ({record.doc_id}, {record.chunks} chunks)?", abort=True)
    kb.delete(record.doc_id)
    _audit(kb, "delete", doc_id=record.doc_id, title=record.title, chunks=record.chunks)
    click.echo(f"deleted {record.doc_id} {record.title}")


@click.group("kb")
def kb_group():
    """Knowledge-base maintenance."""


@kb_group.command("stats")
@click.option("--json", "as_json", is_flag=True)
def kb_stats(as_json):
    """Counts of documents and chunks: {"documents", "chunks", "in_force", "embedding", …}."""
    stats = _kb().stats()
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
    else:
        for key, value in stats.items():
            click.echo(f"{key:>16}: {value}")


def _kb_as_is():
    """The knowledge base without the starter pack: a backup moves exactly what is stored."""
    from app.knowledge import open_kb

    return open_kb()


@kb_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace FILE if it exists (it may be your only good backup).")
def kb_export(file, overwrite):
    """Back up the stored documents to FILE, a .tar.gz archive.

    Every committed document of the current embedding model is written. The archive holds
    manifest.json (format version, embedding model key, vector dimensions, counts, created_at, sha256
    of the other members), records.jsonl (one registry record per document version, with its version
    links: superseded_by, effective_to) and chunks.jsonl (one chunk per line: id, text, metadata, and
    its vector as base64 of little-endian float32). An existing FILE is refused unless --overwrite, and then
    replaced atomically. The lexical index is not included: it is rebuilt from the chunks.
    """
    if file.exists() and not overwrite:
        raise click.ClickException(f"{file} exists: nothing was written (give another name, or --overwrite to replace it)")

    manifest = _kb_as_is().export(file)   # BackupError: one line from app.cli
    click.echo(f"exported {manifest.documents} documents, {manifest.chunks} chunks ({manifest.embedding}) to {file}")


@kb_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def kb_import(file):
    """Restore documents from an archive written by `ipabs kb export`.

    The archive is checked whole before anything is written: it must be an ipabs archive of the same
    format version and embedding model (IPABS_EMBEDDING) as this knowledge base, with checksums and
    counts that agree. Vectors are imported as stored, not embedded again. Documents already present
    (same doc_id) are skipped, so importing twice changes nothing; each document becomes visible only
    once all its chunks are stored, so an interrupted import leaves nothing half-written and can be
    run again. Where this knowledge base holds another version of an imported instrument, the newer
    version supersedes the older one as in `ipabs ingest`; those links are written last, so an import
    interrupted at that very end leaves them unwritten (re-ingest the newer file to set them).
    Exit code 1 on a bad archive.
    """

    kb = _kb_as_is()
    result = kb.import_archive(file)   # BackupError: one line from app.cli
    _audit(kb, "import", file=str(file), documents=result.documents, chunks=result.chunks, skipped=result.skipped,
           relinked=result.relinked)
    relinked = f", {result.relinked} older versions superseded" if result.relinked else ""
    click.echo(f"imported {result.documents} documents, {result.chunks} chunks from {file}; "
               f"{result.skipped} already present{relinked}")


@kb_group.command("repair")
def kb_repair():
    """Remove chunks left behind by an interrupted ingest (they are never visible to questions)."""
    click.echo(f"removed {_kb().repair()} orphan chunks")


commands = [ingest, ask, docs, kb_group]
