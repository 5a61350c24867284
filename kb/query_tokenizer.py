"""The e5 tokenizer for one query, loaded in a fraction of the time of tokenizer.json's 250k-piece Unigram.

`tokenizers` builds its Unigram lattice from tokenizer.json in ~0.6 s (1.5 s on a busy machine): most of a
one-off `ipabs ask`'s model load. The same pieces and scores as a SentencePiece model load in a third of
that; the normaliser and pre-tokenizer stay tokenizers' own (a tiny JSON). Both are derived once from
tokenizer.json and cached beside it; the ids are the same as tokenizer.json's (tests/kb)."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

CACHE_DIR = "query_tokenizer"
_FRONT, _PIECES, _STAMP = "front.json", "unigram.spm", "source.json"


class QueryTokenizer:
    """Ids of a text as tokenizer.json gives them with truncation to `max_tokens` (specials included)."""

    def __init__(self, model_dir: Path, max_tokens: int) -> None:
        import sentencepiece as spm
        from tokenizers import Tokenizer

        folder = _cached(Path(model_dir))
        front = json.loads((folder / _FRONT).read_text(encoding="utf-8"))
        self._front = Tokenizer.from_str(json.dumps(front["tokenizer"]))
        self._pieces = spm.SentencePieceProcessor(model_file=str(folder / _PIECES))
        self._specials = {s: i for s, i in front["specials"].items()}
        # tokenizers cuts added tokens (<s>, <mask>, …) out of the raw text before normalising it
        self._split = re.compile("(" + "|".join(map(re.escape, sorted(self._specials, key=len, reverse=True))) + ")")
        self._bos, self._eos = front["bos"], front["eos"]
        self._max = max_tokens

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for part in self._split.split(text):
            if part in self._specials:
                ids.append(self._specials[part])
            elif part:
                normal = self._front.normalizer.normalize_str(part)
                for word, _ in self._front.pre_tokenizer.pre_tokenize_str(normal):
                    ids.extend(self._pieces.encode(word))
        return [self._bos, *ids[:self._max - 2], self._eos]


def _cached(model_dir: Path) -> Path:
    """The derived files, written (atomically) when missing or older than tokenizer.json."""
    source = model_dir / "tokenizer.json"
    folder = model_dir / CACHE_DIR
    stamp = {"size": source.stat().st_size, "mtime_ns": source.stat().st_mtime_ns}
    try:
        if json.loads((folder / _STAMP).read_text()) == stamp:
            return folder
    except (OSError, ValueError):
        pass
    work = Path(tempfile.mkdtemp(prefix=f".{CACHE_DIR}.build-", dir=model_dir))
    _derive(source, work)
    (work / _STAMP).write_text(json.dumps(stamp))
    try:
        if folder.exists():
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        os.replace(work, folder)
    except OSError:
        if not (folder / _STAMP).is_file():   # neither we nor a concurrent process finished it
            raise
    return folder


def _derive(source: Path, out: Path) -> None:
    from sentencepiece import sentencepiece_model_pb2 as pb

    spec = json.loads(source.read_text(encoding="utf-8"))
    model = spec["model"]
    if model.get("type") != "Unigram" or model.get("byte_fallback"):
        raise ValueError(f"{source}: expected a Unigram tokenizer without byte fallback")
    specials = {t["content"]: t["id"] for t in spec["added_tokens"] if t.get("special")}
    proto = pb.ModelProto()
    proto.trainer_spec.model_type = pb.TrainerSpec.UNIGRAM
    proto.trainer_spec.vocab_size = len(model["vocab"])
    proto.trainer_spec.unk_id = model["unk_id"]
    proto.trainer_spec.bos_id = proto.trainer_spec.eos_id = proto.trainer_spec.pad_id = -1
    # the text reaches SentencePiece already normalised and split by tokenizers' own front end
    proto.normalizer_spec.name = "identity"
    proto.normalizer_spec.add_dummy_prefix = False
    proto.normalizer_spec.remove_extra_whitespaces = False
    proto.normalizer_spec.escape_whitespaces = False
    kinds = pb.ModelProto.SentencePiece
    for i, (piece, score) in enumerate(model["vocab"]):
        entry = proto.pieces.add()
        entry.piece, entry.score = piece, score
        entry.type = kinds.UNKNOWN if i == model["unk_id"] else kinds.CONTROL if i in specials.values() else kinds.NORMAL
    (out / _PIECES).write_bytes(proto.SerializeToString())
    front = dict(spec, added_tokens=[], post_processor=None, truncation=None, padding=None,
                 model=dict(model, vocab=model["vocab"][:model["unk_id"] + 1]))
    single = spec["post_processor"]["single"]
    bos, eos = single[0]["SpecialToken"]["id"], single[-1]["SpecialToken"]["id"]
    (out / _FRONT).write_text(json.dumps({"tokenizer": front, "specials": specials, "bos": specials[bos],
                                          "eos": specials[eos]}, ensure_ascii=False), encoding="utf-8")
