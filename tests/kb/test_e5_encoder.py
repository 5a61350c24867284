"""The torch-free e5 passage encoder gives the model's own vectors, in order, and ingest never imports torch."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kb.e5_rebuild import ensure_e5_model, is_complete
from kb.e5_runtime import load_e5

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。",
    "Article 6: the originator shall retain on an ongoing basis a material net economic interest of not less than 5 %.",
    "短",
    "x",
    "专利权质押" * 300,   # over 512 tokens: truncated like the model's own tokenizer call
    "Mixed 中英 text 2021-06-01, 12.5% of RMB 3,000,000.",
] + [f"第{i}条 出质人应当在{i}日内办理登记。" if i % 2 else f"Section {i}. The issuer must disclose item {i}." for i in range(1, 40)]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    built = ROOT / "data" / "models" / "multilingual-e5-small"
    folder = built if is_complete(built) else ensure_e5_model(tmp_path_factory.mktemp("e5") / "multilingual-e5-small")
    load_e5(folder, backend="openvino")   # the first use converts the encoder to OpenVINO IR (a fresh clone has none)
    return folder


@pytest.mark.slow
def test_passage_vectors_match_the_sentence_transformers_model_row_by_row(model_dir):
    from kb.passage_encoder import E5PassageEncoder

    ours = E5PassageEncoder(model_dir).encode(TEXTS)
    theirs = load_e5(model_dir, backend="openvino").encode(TEXTS, prompt_name="passage", batch_size=64)
    cosines = (ours * theirs).sum(axis=1)
    assert ours.shape == theirs.shape
    assert cosines.min() >= 0.9999, cosines.argmin()
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # row i is text i: a shuffled input gives the same rows shuffled (up to bf16 rounding, which depends
    # on which rows share a sub-batch)
    order = list(reversed(range(len(TEXTS))))
    again = E5PassageEncoder(model_dir).encode([TEXTS[i] for i in order])
    assert (again * ours[order]).sum(axis=1).min() >= 0.9999


@pytest.mark.slow
def test_a_few_passages_are_embedded_without_loading_the_passage_encoder(model_dir):
    # An ask quotes a passage in the other language by the meaning of a few sentences: the query encoder, already
    # loaded for the search, embeds them with the passage prompt, the same vectors as the passage encoder's.
    from kb.embeddings import RebuiltE5Embeddings
    from kb.passage_encoder import E5PassageEncoder

    embeddings = RebuiltE5Embeddings(model_dir)
    few = np.asarray(embeddings.embed_documents(TEXTS[:RebuiltE5Embeddings.FEW]))
    assert embeddings._passages is None
    batch = E5PassageEncoder(model_dir).encode(TEXTS[:RebuiltE5Embeddings.FEW])
    assert (few * batch).sum(axis=1).min() >= 0.9999
    embeddings.embed_documents(TEXTS)   # a batch (ingest) loads the passage encoder
    assert embeddings._passages is not None


@pytest.mark.slow
def test_embedding_documents_does_not_import_torch(model_dir):
    probe = ("import sys; from pathlib import Path; from kb.embeddings import RebuiltE5Embeddings; "
             f"v = RebuiltE5Embeddings(Path({str(model_dir)!r})).embed_documents(['专利权', 'patent']); "
             "print(len(v), len(v[0]), 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"})
    assert out.stdout.split() == ["2", "384", "False", "False"]


def test_the_query_tokenizer_gives_tokenizer_json_ids(model_dir, tmp_path):
    """Same ids as tokenizer.json (truncation and special tokens included), from a cache derived once."""
    import shutil

    from tokenizers import Tokenizer

    from kb.query_tokenizer import CACHE_DIR, QueryTokenizer

    local = tmp_path / "model"
    local.mkdir()
    shutil.copy(model_dir / "tokenizer.json", local / "tokenizer.json")
    ours = QueryTokenizer(local, 512)
    stamp = (local / CACHE_DIR / "source.json").stat().st_mtime_ns
    QueryTokenizer(local, 512)
    assert (local / CACHE_DIR / "source.json").stat().st_mtime_ns == stamp   # derived once, then reused
    theirs = Tokenizer.from_file(str(local / "tokenizer.json"))
    theirs.enable_truncation(512)
    texts = TEXTS + ["  leading", "trailing  ", "a\u3000b\tc", "<s> x </s>", "x<mask>y", "", "ｆｕｌｌ　ｗｉｄｔｈ１２",
                     "emoji 😀", "\u200bzero width", "word " * 700, "What is the term of an invention patent?"]
    for text in texts:
        assert ours.encode("query: " + text) == theirs.encode("query: " + text).ids, text[:40]
    # a changed tokenizer.json is derived again
    (local / "tokenizer.json").touch()
    QueryTokenizer(local, 512)
    assert (local / CACHE_DIR / "source.json").stat().st_mtime_ns != stamp
