"""jieba's word frequencies read from an on-disk table, so a one-off question need not load them all.

jieba.initialize() unmarshals ~500,000 entries (~0.9 s of CPU) before its first cut; a question needs a
few hundred of them. `install()` gives jieba's default tokenizer a lookup backed by SQLite (built once
from the same dictionary, in the temp dir beside jieba's own cache) that answers the same `in`, `[]` and
`get` jieba asks; after BULK_LOOKUPS lookups (building an index, a busy server) it loads the full
dictionary as jieba would, in the background. The words jieba cuts are the same either way (tests/kb)."""
from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from pathlib import Path

import jieba

# Lookups after which the in-memory dictionary pays for itself (a short question makes ~100-300).
BULK_LOOKUPS = 50_000
_VERSION = 1


class FrequencyTable:
    """jieba's FREQ (word or word prefix -> count) as a read-only mapping over SQLite."""

    def __init__(self, path: Path, total: int) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._seen: dict[str, int | None] = {}
        self.total = total
        self.lookups = 0

    def _fetch(self, word: str) -> int | None:
        if word in self._seen:
            return self._seen[word]
        with self._lock:
            row = self._db.execute("SELECT n FROM freq WHERE w = ?", (word,)).fetchone()
            self.lookups += 1
        value = self._seen[word] = row[0] if row else None
        if self.lookups == BULK_LOOKUPS:   # meanwhile the table keeps answering
            threading.Thread(target=_load_full, name="jieba-dictionary", daemon=True).start()
        return value

    def __contains__(self, word: str) -> bool:
        return self._fetch(word) is not None

    def __getitem__(self, word: str) -> int:
        value = self._fetch(word)
        if value is None:
            raise KeyError(word)
        return value

    def get(self, word: str, default=None):
        value = self._fetch(word)
        return default if value is None else value


def install() -> None:
    """Point jieba's default tokenizer at the on-disk table (unless it already holds its dictionary)."""
    tokenizer = jieba.dt
    if tokenizer.initialized or tokenizer.dictionary not in (None, jieba.DEFAULT_DICT):
        return
    try:
        path, total = _table()
    except (OSError, sqlite3.Error):   # no writable temp dir: jieba's own way
        jieba.initialize()
        return
    tokenizer.FREQ, tokenizer.total = FrequencyTable(path, total), total
    tokenizer.initialized = True


def _load_full() -> None:
    """Many words looked up: load the whole dictionary into memory, as jieba.initialize() does."""
    tokenizer = jieba.dt
    if isinstance(tokenizer.FREQ, FrequencyTable):
        with tokenizer.lock:
            tokenizer.FREQ, tokenizer.total = _marshalled() or tokenizer.gen_pfdict(tokenizer.get_dict_file())


def _marshalled():
    """jieba's own cache of the default dictionary, when it has written one."""
    import marshal

    cache = Path(tempfile.gettempdir()) / "jieba.cache"
    try:
        with cache.open("rb") as handle:
            return marshal.load(handle)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _table() -> tuple[Path, int]:
    """The SQLite table of the default dictionary, built (atomically) when missing or out of date."""
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = source.stat()
    path = Path(tempfile.gettempdir()) / f"ipabs-jieba-v{_VERSION}-{stat.st_size}-{int(stat.st_mtime)}.sqlite"
    if path.is_file():
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return path, int(db.execute("SELECT n FROM meta WHERE k = 'total'").fetchone()[0])
    freq, total = _marshalled() or jieba.dt.gen_pfdict(jieba.dt.get_dict_file())
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ipabs-jieba-", suffix=".sqlite")
    os.close(fd)
    with sqlite3.connect(tmp) as db:
        db.execute("CREATE TABLE freq (w TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, n INTEGER)")
        db.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
        db.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
    os.replace(tmp, path)
    return path, total
