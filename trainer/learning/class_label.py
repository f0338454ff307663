"""CLASSLABEL, the vendor's meaning: classes per document, each with its label
(an aspect category with its sentiment).

The classes are found by the CLASS model (:mod:`trainer.learning.multi_label`).
The label of a class in a document is then chosen by one linear SVM over all
``(document, class)`` pairs, whose features are the document's
(:class:`~trainer.learning.features.DocumentFeatures`), the class, and the views
of ABSA's polarity classifier (:class:`trainer.learning.absa.ContextFeatures`:
clause, window and term) around the word of the text that speaks most for the class
(the largest NB weight of the class's CLASS model), so that "the pasta was
great but the waiter ignored us" gives food and service each their own label.
Its columns are weighted by the labels (NB-SVM) and its ``C`` chosen by
cross-validation on the train pairs (accuracy). A model whose CLASS model reads the
sentence encoder (:mod:`trainer.learning.encoder`) gives each pair the text's sentence
vector too (weighted :data:`ENCODER_WEIGHT`, not by NB).

Metrics: ``score`` (= ``joint_f1``), ``test_documents``, ``joint_f1`` (class and
label both right, micro over the pairs), ``label_accuracy`` (the label predicted
for each gold class), ``class_f1`` (micro-F1 of the classes alone),
``per_class`` (the classes alone) and ``per_label`` (the labels of the gold
classes), each ``{name: {precision, recall, f1, support}}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from . import encoder as sentence_encoder
from .absa import ASPECT, ContextFeatures, all_views, negation_marked
from .classifier import classification_metrics
from .common import Progress, TrainingDataError, scaled
from .corpora import Span
from .documents import Document, Segment, Tag, check, class_labels_of, whole
from .features import accuracy, best_c, fit_quietly, linear, micro, nb_weights, weighted
from .multi_label import MultiLabel, fit_multi_label

Pairs = Sequence[Sequence[tuple[str, str]]]  # per document, its (class, label) pairs
# The sentence vectors' share beside the pair's other columns (three-fold
# cross-validation on the restaurants' train split, polarity accuracy on the gold
# categories: 0.716 without, 0.734 at 2, 0.726 at 4).
ENCODER_WEIGHT = 2.0


@dataclass
class ClassLabel:
    """A fitted CLASSLABEL model; :meth:`segments` gives its predictions."""

    classes: MultiLabel
    context: ContextFeatures
    weights: np.ndarray
    svm: LinearSVC

    def _pair_matrix(self, texts: Sequence[str], classes: Sequence[Sequence[str]]):
        views = _focus_views(self.classes, texts, classes)
        return weighted(
            _pair_features(self.classes, self.context, texts, classes, views), self.weights
        )

    def labels_for(
        self, texts: Sequence[str], classes: Sequence[Sequence[str]]
    ) -> list[dict[str, str]]:
        """``{class: label}`` per text for the given classes of each text."""
        if not any(classes):
            return [{} for _ in texts]
        flat = iter(self.svm.predict(self._pair_matrix(texts, classes)))
        return [{name: str(next(flat)) for name in names} for names in classes]

    def predict(self, texts: Sequence[str]) -> list[dict[str, str]]:
        """``{class: label}`` per text."""
        return self.labels_for(texts, self.classes.predict(texts))

    def segments(self, texts: Sequence[str]) -> list[tuple[Segment, ...]]:
        return [
            whole(text, [Tag(name, label) for name, label in found.items()])
            for text, found in zip(texts, self.predict(texts), strict=True)
        ]


def _focus_views(
    model: MultiLabel, texts: Sequence[str], classes: Sequence[Sequence[str]]
) -> list[dict[str, str]]:
    """The context views of each (text, class) around the text's word that has the
    largest NB weight for the class."""
    vocabulary = model.features.words.vocabulary_
    index = {name: k for k, name in enumerate(model.classes)}
    spans = []
    for text, names in zip(texts, classes, strict=True):
        tokens, words, _breaks, _marked = negation_marked(text, model.features.language)
        columns = np.array([vocabulary.get(word, -1) for word in words], dtype=int)
        found = []
        for name in names if tokens else ():
            # A class the model never saw (only in a test set) has no weights.
            weights = model.models[index[name]].weights if name in index else None
            best = 0
            if weights is not None:
                best = int(np.argmax(np.where(columns >= 0, weights[columns], -1.0)))
            found.append(Span(tokens[best].start, tokens[best].end, ASPECT))
        spans.append(found or [Span(0, len(text), ASPECT) for _ in names])
    # The document's own features stand for the whole sentence and its characters.
    return [
        {**view, "sentence": "", "characters": ""}
        for view in all_views(texts, spans, model.features.language)
    ]


def _pair_features(
    model: MultiLabel,
    context: ContextFeatures,
    texts: Sequence[str],
    classes: Sequence[Sequence[str]],
    views: list[dict[str, str]],
):
    """One row per (text, class): the text's features, the class (no column for a
    class the model never saw) and the views."""
    rows = [i for i, names in enumerate(classes) for _ in names]
    index = {name: k for k, name in enumerate(model.classes)}
    known = [
        (row, index[name])
        for row, name in enumerate(name for names in classes for name in names)
        if name in index
    ]
    onehot = sp.csr_matrix(
        (np.ones(len(known)), ([row for row, _ in known], [column for _, column in known])),
        shape=(len(rows), len(model.classes)),
    )
    blocks = [model.features.transform(texts)[rows], onehot, context.transform(views)]
    if model.encoder:
        blocks.append(sp.csr_matrix(ENCODER_WEIGHT * sentence_encoder.vectors(texts)[rows]))
    return sp.hstack(blocks, format="csr")


def _pair_weights(model: MultiLabel, matrix, labels: Sequence[str]) -> np.ndarray:
    """The NB weights of the pair columns for ``labels``; the sentence vectors keep theirs."""
    weights = nb_weights(matrix, labels)
    if model.encoder:
        weights[-sentence_encoder.DIMENSIONS :] = 1.0
    return weights


def fit_class_label(
    texts: Sequence[str],
    pairs: Pairs,
    *,
    language: str,
    seed: int,
    progress: Progress,
    encoder: bool = False,
) -> ClassLabel:
    """A CLASSLABEL model of ``texts`` and their ``(class, label)`` pairs (``encoder``:
    see :func:`trainer.learning.multi_label.fit_multi_label`)."""
    labels = [label for found in pairs for _, label in found]
    if len(set(labels)) < 2:
        raise TrainingDataError(
            f"the train set has {len(set(labels))} label(s); at least two are needed"
        )
    progress(0.0, "classes: features, C and thresholds by cross-validation")
    classes = fit_multi_label(
        texts,
        [[name for name, _ in found] for found in pairs],
        language=language,
        seed=seed,
        encoder=encoder,
    )
    progress(50.0, "labels: choosing C by cross-validation")
    pair_classes = [[name for name, _ in found] for found in pairs]
    views = _focus_views(classes, texts, pair_classes)
    context = ContextFeatures.fit(views)
    matrix = _pair_features(classes, context, texts, pair_classes, views)
    weights = _pair_weights(classes, matrix, labels)
    matrix = weighted(matrix, weights)
    c = best_c(matrix, labels, seed=seed, score=accuracy)
    progress(90.0, f"labels: fitting C={c}")
    return ClassLabel(classes, context, weights, fit_quietly(linear(c, seed), matrix, labels))


def class_label_metrics(
    fitted: ClassLabel, texts: Sequence[str], gold: Pairs, predicted: Sequence[dict[str, str]]
) -> dict:
    """The CLASSLABEL metrics of ``fitted`` on ``texts`` with their gold pairs, given its
    ``predicted`` ``{class: label}`` of each text (module doc)."""
    gold_classes = [[name for name, _ in found] for found in gold]
    on_gold = fitted.labels_for(texts, gold_classes)
    gold_labels = [label for found in gold for _, label in found]
    predicted_labels = [found[name] for found, names in zip(on_gold, gold_classes, strict=True)
                        for name in names]  # fmt: skip
    joint = micro([set(g) for g in gold], [set(p.items()) for p in predicted])
    classes = classification_metrics(gold_classes, [list(p) for p in predicted])
    labels = classification_metrics([[g] for g in gold_labels], [[p] for p in predicted_labels])
    return {
        "score": joint["f1"],
        "test_documents": len(texts),
        "joint_f1": joint["f1"],
        "label_accuracy": round(accuracy(gold_labels, predicted_labels), 6) if gold_labels else 0.0,
        "class_f1": micro([set(g) for g in gold_classes], [set(p) for p in predicted])["f1"],
        "per_class": classes["per_class"],
        "per_label": labels["per_class"],
    }


def train_class_label(
    train_docs: Sequence[Document],
    test_docs: Sequence[Document],
    *,
    language: str,
    seed: int,
    progress: Progress,
    encoder: bool = False,
) -> tuple[ClassLabel, dict]:
    check(train_docs, "CLASSLABEL", "train document")
    check(test_docs, "CLASSLABEL", "test document")
    if not test_docs:
        raise TrainingDataError("the test set has no documents")
    fitted = fit_class_label(
        [d.text for d in train_docs],
        [list(class_labels_of(d).items()) for d in train_docs],
        language=language,
        seed=seed,
        progress=scaled(progress, 0, 90),
        encoder=encoder,
    )
    progress(90.0, "evaluation")
    texts = [d.text for d in test_docs]
    gold = [list(class_labels_of(d).items()) for d in test_docs]
    metrics = class_label_metrics(fitted, texts, gold, fitted.predict(texts))
    progress(100.0, "done")
    return fitted, metrics
