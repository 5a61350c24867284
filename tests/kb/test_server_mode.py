"""The knowledge base on a real `chroma run` server: databases from the URL, a clear outage error, recovery."""
from __future__ import annotations

import chromadb
import pytest

from kb.library import KnowledgeBase
from kb.retriever import Filters, Retriever
from kb.connection import ServerAddress, StoreUnavailable, drop_database
from tests.kb.chroma_server import ChromaServer
from tests.shared import free_port
from tests.kb.conftest import PATENT_2008, PATENT_2020, TRADEMARK


def _databases(server_url: str) -> set[str]:
    admin = chromadb.AdminClient(ServerAddress.parse(server_url).settings())
    return {d["name"] for d in admin.list_databases()}


def test_the_url_path_names_a_database_created_on_first_use(tmp_path, server_db_url, chroma_server_url):
    name = server_db_url.rsplit("/", 1)[1]
    assert name not in _databases(chroma_server_url)
    kb = KnowledgeBase.open(tmp_path, "e5-engine", server_db_url)
    kb.add(TRADEMARK)
    assert name in _databases(chroma_server_url)
    assert kb.store.url == server_db_url
    assert not (tmp_path / "chroma").exists()   # nothing went to an embedded store


def test_databases_on_one_server_do_not_see_each_other(tmp_path, server_db_url, chroma_server_url):
    other_url = f"{chroma_server_url}/ipabs_test_other_{tmp_path.name[-8:]}"
    try:
        first = KnowledgeBase.open(tmp_path / "a", "e5-engine", server_db_url)
        other = KnowledgeBase.open(tmp_path / "b", "e5-engine", other_url)
        first.add(TRADEMARK)
        assert TRADEMARK.doc_id in first.documents()
        assert other.documents() == {}
        assert not Retriever(other).search("注册商标", k=5)
    finally:
        drop_database(ServerAddress.parse(other_url))


def test_url_forms():
    assert ServerAddress.parse("http://127.0.0.1:8765").url == "http://127.0.0.1:8765"
    assert ServerAddress.parse("127.0.0.1:8765/ipabs").database == "ipabs"
    assert ServerAddress.parse("https://chroma.internal/ipabs").port == 443
    for bad in ("ftp://host:1/db", "http://host:1/tenant/db", "http://host:port/db"):
        with pytest.raises(ValueError, match="http://host:port/database"):
            ServerAddress.parse(bad)


def test_no_server_at_the_url_is_a_clear_error(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/ipabs"
    with pytest.raises(StoreUnavailable) as caught:
        KnowledgeBase.open(tmp_path, "e5-engine", url)
    message = str(caught.value)
    assert f"Chroma server at {url} is not reachable" in message
    assert f"chroma run --path DIR --host 127.0.0.1 --port {port}" in message


@pytest.mark.slow
def test_an_outage_is_a_clear_error_and_the_same_kb_recovers(tmp_path):
    """Kill the server mid-session, restart it on the same path and port; then once more on an empty path."""
    server = ChromaServer(tmp_path / "chroma-db").start()
    try:
        kb = KnowledgeBase.open(tmp_path / "app", "e5-engine", f"{server.url}/ipabs")
        kb.add(PATENT_2008)
        retriever = Retriever(kb)
        assert retriever.search("外观设计专利权的期限", k=1)[0].metadata["doc_id"] == PATENT_2008.doc_id

        server.stop()
        for operation in (lambda: retriever.search("外观设计专利权的期限", k=1), kb.documents,
                          lambda: kb.add(PATENT_2020), lambda: kb.delete(PATENT_2008.doc_id)):
            with pytest.raises(StoreUnavailable, match=f"Chroma server at {server.url}/ipabs is not reachable"):
                operation()

        server.start()
        assert retriever.search("外观设计专利权的期限", k=1)[0].metadata["doc_id"] == PATENT_2008.doc_id
        assert kb.add(PATENT_2020).status == "superseded"   # the failed add changed nothing
        past = retriever.search("外观设计专利权的期限", k=1, filters=Filters(as_of="2015-01-01"))
        assert past[0].metadata["doc_id"] == PATENT_2008.doc_id
        assert retriever.search("外观设计专利权的期限", k=1)[0].metadata["doc_id"] == PATENT_2020.doc_id

        server.stop()
        with pytest.raises(StoreUnavailable):
            kb.documents()
        server = ChromaServer(tmp_path / "empty-db", port=server.port).start()   # back, but wiped
        assert kb.documents() == {}
        assert kb.add(TRADEMARK).status == "added"
        assert {h.metadata["doc_id"] for h in retriever.search("注册商标的有效期", k=5)} == {TRADEMARK.doc_id}
    finally:
        server.stop()


def test_an_ipv6_server_url_survives_a_round_trip():
    address = ServerAddress.parse("http://[::1]:8765/ipabs")
    assert address.host == "::1" and address.url == "http://[::1]:8765/ipabs"
    assert ServerAddress.parse(address.url) == address   # the URL in an error message can be pasted back
