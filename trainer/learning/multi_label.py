"""CLASS, the vendor's meaning: none, one or more classes per document.

One linear SVM per class (one-vs-rest) on :class:`~trainer.learning.features.DocumentFeatures`
weighted for that class (:func:`~trainer.learning.features.nb_weights`, NB-SVM), and, for
English, the mean of the text's word vectors (:mod:`trainer.learning.vectors`, weighted
:data:`VECTOR_WEIGHT`, not by NB: they are no counts) and, when the optional sentence
encoder is asked for (``encoder``, English only: :mod:`trainer.learning.encoder`), the
text's sentence vector.
Each class gets its own threshold on the SVM's score: the one with the best F1
for that class on out-of-fold scores of the train set (three folds), for a class
of at least :data:`MIN_POSITIVES` train documents. ``C`` is
fixed (:data:`C`): choosing it too would cost three times the fits, and a few
dozen classes then no longer train in a minute. When
every train document has a class, every prediction has one too (the best
scored, when none passes its threshold). A prediction is one segment over the
whole text tagged with the classes (no segment when there are none).

Metrics: ``score`` (= ``micro_f1``), ``test_documents``, ``micro_f1``,
``micro_precision``, ``micro_recall``, ``macro_f1``, ``accuracy`` (exact match of
the class set) and ``per_class`` ``{class: {precision, recall, f1, support}}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from . import encoder as sentence_encoder
from .absa import negation_marked
from .classifier import classification_metrics
from .common import Progress, TrainingDataError
from .documents import Document, Segment, Tag, check, classes_of, whole
from .features import (
    DocumentFeatures,
    fit_quietly,
    folds,
    linear,
    micro,
    nb_weights,
    weighted,
)
from .vectors import text_vectors

C = 0.3
# A rarer class keeps the SVM's own threshold: the out-of-fold scores of a handful
# of rows say little about the scores of the final model (whose negatives sit
# just below its margin).
MIN_POSITIVES = 10
# The word vectors' share beside the other views (chosen by three-fold cross-validation
# on the restaurants' train split: micro-F1 0.803 without, 0.818 at 1, 0.820 at 2).
VECTOR_WEIGHT = 2.0
# The sentence vectors' share (cross-validated likewise, beside the word vectors at 2:
# 0.818 without, 0.844 at 1, 0.837 at 2).
ENCODER_WEIGHT = 1.0


@dataclass
class OneClass:
    """The fitted model of one class: its column weights and its SVM, or, for a class
    present in every or in no train row, the constant score that says so."""

    weights: np.ndarray | None
    svm: LinearSVC | None
    constant: float = 0.0

    @classmethod
    def fit(cls, matrix, gold: np.ndarray, *, vectors: int, seed: int) -> OneClass:
        """The model of the binary ``gold``; the last ``vectors`` columns of ``matrix``
        are word vectors, which keep their weight."""
        if gold.min() == gold.max():
            return cls(None, None, 1.0 if gold[0] else -1.0)
        weights = nb_weights(matrix, gold)
        weights[matrix.shape[1] - vectors :] = 1.0
        return cls(weights, fit_quietly(linear(C, seed), weighted(matrix, weights), gold))

    def scores(self, matrix) -> np.ndarray:
        if self.svm is None:
            return np.full(matrix.shape[0], self.constant)
        return self.svm.decision_function(weighted(matrix, self.weights))


@dataclass
class MultiLabel:
    """A fitted CLASS model; :meth:`segments` gives its predictions."""

    features: DocumentFeatures
    models: list[OneClass]
    classes: list[str]
    thresholds: np.ndarray
    at_least_one: bool
    # Whether the columns end with the word vectors (a model trained before them: no).
    word_vectors: bool = False
    # Whether the sentence vectors follow them.
    encoder: bool = False

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's score per class, less the class's threshold (> 0: predicted)."""
        matrix = self.features.transform(texts)
        if self.word_vectors:
            matrix = _with_vectors(matrix, self.features, texts, encoder=self.encoder)
        return np.column_stack([m.scores(matrix) for m in self.models]) - self.thresholds

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        if not texts:
            return []
        return [_chosen(row, self.classes, self.at_least_one) for row in self.scores(texts)]

    def segments(self, texts: Sequence[str]) -> list[tuple[Segment, ...]]:
        return [
            whole(text, [Tag(cls=name) for name in classes])
            for text, classes in zip(texts, self.predict(texts), strict=True)
        ]


def _with_vectors(matrix, features: DocumentFeatures, texts: Sequence[str], *, encoder: bool):
    """``matrix`` (the features of ``texts``), then their word vectors times
    :data:`VECTOR_WEIGHT` (none for a language without vectors) and, with the
    ``encoder``, their sentence vectors times :data:`ENCODER_WEIGHT`."""
    words = [negation_marked(text, features.language)[1] for text in texts]
    dense = [VECTOR_WEIGHT * text_vectors(words, features.language)]
    if encoder:
        dense.append(ENCODER_WEIGHT * sentence_encoder.vectors(texts))
    return sp.hstack([matrix, *(sp.csr_matrix(block) for block in dense)], format="csr")


def _chosen(row: np.ndarray, classes: list[str], at_least_one: bool) -> list[str]:
    chosen = [classes[i] for i in np.flatnonzero(row > 0)]
    return chosen or ([classes[int(np.argmax(row))]] if at_least_one else [])


def _fit_all(matrix, targets: np.ndarray, *, vectors: int, seed: int) -> list[OneClass]:
    """One model per column of ``targets`` (``vectors``: see :meth:`OneClass.fit`)."""
    return [
        OneClass.fit(matrix, targets[:, k], vectors=vectors, seed=seed)
        for k in range(targets.shape[1])
    ]


def _best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The threshold on ``scores`` with the best F1 for the binary ``gold``, cut only
    between two different scores; the SVM's own (0) for a class of fewer than
    :data:`MIN_POSITIVES` train rows or when no cut finds a positive."""
    if gold.sum() < MIN_POSITIVES:
        return 0.0
    order = np.argsort(-scores, kind="stable")
    ranked = scores[order]
    hits = np.cumsum(gold[order])
    f1 = 2 * hits / (np.arange(1, len(scores) + 1) + gold.sum())
    below = np.append(ranked[1:], ranked[-1] - 2.0)
    f1[ranked == below] = 0.0  # a cut between equal scores is no cut
    best = int(np.argmax(f1))
    if f1[best] == 0:
        return 0.0
    return float((ranked[best] + below[best]) / 2)


def _thresholds(matrix, targets: np.ndarray, *, vectors: int, seed: int) -> np.ndarray:
    """Each class's threshold, chosen on out-of-fold scores (see module doc)."""
    splits = folds(["|".join(str(v) for v in row) for row in targets], seed=seed)
    if not splits:
        return np.zeros(targets.shape[1])
    scores = np.zeros(targets.shape, dtype=float)
    for fit_rows, check_rows in splits:
        models = _fit_all(matrix[fit_rows], targets[fit_rows], vectors=vectors, seed=seed)
        scores[check_rows] = np.column_stack([m.scores(matrix[check_rows]) for m in models])
    return np.array(
        [_best_threshold(scores[:, k], targets[:, k] > 0) for k in range(targets.shape[1])]
    )


def class_metrics(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict:
    found = classification_metrics(gold, predicted)
    overall = micro([set(g) for g in gold], [set(p) for p in predicted])
    return {
        "score": overall["f1"],
        "test_documents": len(gold),
        "micro_f1": overall["f1"],
        "micro_precision": overall["precision"],
        "micro_recall": overall["recall"],
        "macro_f1": found["macro_f1"],
        "accuracy": found["accuracy"],
        "per_class": found["per_class"],
    }


def fit_multi_label(
    texts: Sequence[str],
    classes: Sequence[Sequence[str]],
    *,
    language: str,
    seed: int,
    encoder: bool = False,
) -> MultiLabel:
    """A CLASS model of ``texts`` with their ``classes`` (see module doc); ``encoder``:
    with the sentence vectors, for a language the encoder reads (English)."""
    names = sorted({name for found in classes for name in found})
    if not names:
        raise TrainingDataError("the train set has no classes")
    targets = MultiLabelBinarizer(classes=names).fit_transform(classes)
    features = DocumentFeatures.fit(texts, language=language)
    plain = features.transform(texts)
    encoder = encoder and language in sentence_encoder.LANGUAGES
    matrix = _with_vectors(plain, features, texts, encoder=encoder)
    vectors = matrix.shape[1] - plain.shape[1]
    thresholds = _thresholds(matrix, targets, vectors=vectors, seed=seed)
    models = _fit_all(matrix, targets, vectors=vectors, seed=seed)
    return MultiLabel(
        features, models, names, thresholds, all(classes), word_vectors=True, encoder=encoder
    )


def train_multi_label(
    train_docs: Sequence[Document],
    test_docs: Sequence[Document],
    *,
    language: str,
    seed: int,
    progress: Progress,
    encoder: bool = False,
) -> tuple[MultiLabel, dict]:
    check(train_docs, "CLASS", "train document")
    check(test_docs, "CLASS", "test document")
    if not test_docs:
        raise TrainingDataError("the test set has no documents")
    progress(0.0, "features, C and thresholds by cross-validation")
    fitted = fit_multi_label(
        [d.text for d in train_docs],
        [classes_of(d) for d in train_docs],
        language=language,
        seed=seed,
        encoder=encoder,
    )
    progress(90.0, "evaluation")
    metrics = class_metrics(
        [classes_of(d) for d in test_docs], fitted.predict([d.text for d in test_docs])
    )
    progress(100.0, "done")
    return fitted, metrics
