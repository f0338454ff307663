"""LABEL, the vendor's meaning: exactly one label per document (sentiment).

Features are :class:`~trainer.learning.features.DocumentFeatures` weighted by the
labels (:func:`~trainer.learning.features.nb_weights`, NB-SVM); a linear SVM whose
``C`` is chosen by cross-validation on the train set (accuracy) is then fitted on
all of it. A prediction is one segment
over the whole text tagged with the label.

Metrics: ``score`` (= ``accuracy``), ``test_documents``, ``accuracy``,
``macro_f1``, ``per_label`` ``{label: {precision, recall, f1, support}}`` and
``confusion`` ``{gold: {predicted: count}}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.svm import LinearSVC

from .classifier import classification_metrics
from .common import Progress, TrainingDataError
from .documents import Document, Segment, Tag, check, labels_of, whole
from .features import (
    DocumentFeatures,
    accuracy,
    best_c,
    fit_quietly,
    linear,
    nb_weights,
    weighted,
)


@dataclass
class SingleLabel:
    """A fitted LABEL model; :meth:`segments` gives its predictions."""

    features: DocumentFeatures
    weights: np.ndarray
    estimator: LinearSVC
    labels: list[str]

    def predict(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        matrix = weighted(self.features.transform(texts), self.weights)
        return [str(label) for label in self.estimator.predict(matrix)]

    def segments(self, texts: Sequence[str]) -> list[tuple[Segment, ...]]:
        return [
            whole(text, [Tag(label=label)])
            for text, label in zip(texts, self.predict(texts), strict=True)
        ]


def label_metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    found = classification_metrics([[g] for g in gold], [[p] for p in predicted])
    return {
        "score": found["accuracy"],
        "test_documents": len(gold),
        "accuracy": found["accuracy"],
        "macro_f1": found["macro_f1"],
        "per_label": found["per_class"],
        "confusion": found["confusion"],
    }


def train_single_label(
    train_docs: Sequence[Document],
    test_docs: Sequence[Document],
    *,
    language: str,
    seed: int,
    progress: Progress,
) -> tuple[SingleLabel, dict]:
    check(train_docs, "LABEL", "train document")
    check(test_docs, "LABEL", "test document")
    if not test_docs:
        raise TrainingDataError("the test set has no documents")
    texts = [d.text for d in train_docs]
    labels = [labels_of(d)[0] for d in train_docs]
    if len(set(labels)) < 2:
        raise TrainingDataError(
            f"the train set has {len(set(labels))} label(s); at least two are needed"
        )
    progress(0.0, "feature extraction")
    features = DocumentFeatures.fit(texts, language=language)
    matrix = features.transform(texts)
    weights = nb_weights(matrix, labels)
    matrix = weighted(matrix, weights)
    progress(20.0, "choosing C by cross-validation")
    c = best_c(matrix, labels, seed=seed, score=accuracy)
    progress(80.0, f"fitting C={c}")
    estimator = fit_quietly(linear(c, seed), matrix, labels)
    fitted = SingleLabel(features, weights, estimator, sorted(set(labels)))
    progress(90.0, "evaluation")
    metrics = label_metrics(
        [labels_of(d)[0] for d in test_docs], fitted.predict([d.text for d in test_docs])
    )
    progress(100.0, "done")
    return fitted, metrics
