"""One interface over the learners of every model type.

``train(model_type, train_docs, test_docs, language=…)`` fits the type's model
on :class:`~trainer.learning.corpora.Document` objects and returns it with its
metrics (the contract's keys for that type); ``predict(model_type, fitted,
texts)`` gives one prediction per text in the type's shape:

- CLASS ``{"classes": [str]}``
- LABEL ``{"spans": [{"start", "end", "label"}]}``
- ABSA ``{"aspects": [{"start", "end", "term", "polarity"}]}``
- CLASSLABEL ``{"classes": […], "spans": […]}``

A base model's training documents (``base_documents``) are added before the
train set: the new model starts from what the base learnt, and its own
documents refine it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .absa import AspectSentiment, predict_aspects, train_absa
from .classifier import TextClassifier, predict_classes, train_classifier
from .common import Progress, TrainingDataError, no_progress, scaled
from .corpora import Document
from .labeler import train_labeler
from .sequence import SpanTagger

MODEL_TYPES = ("ABSA", "CLASS", "LABEL", "CLASSLABEL")


@dataclass
class ClassesAndLabels:
    """A fitted CLASSLABEL model: a classifier and a span tagger."""

    classifier: TextClassifier
    tagger: SpanTagger


def _pairs(documents: Sequence[Document]) -> list[tuple[str, list[str]]]:
    return [(d.text, list(d.classes)) for d in documents]


def _train_class(train_docs, test_docs, *, language, seed, progress):
    return train_classifier(
        _pairs(train_docs), _pairs(test_docs), language=language, seed=seed, progress=progress
    )


def _train_classlabel(train_docs, test_docs, *, language, seed, progress):
    """Classes on the documents that have some, spans on all; score = the mean."""
    try:
        classifier, class_metrics = _train_class(
            train_docs, test_docs, language=language, seed=seed, progress=scaled(progress, 0, 30)
        )
        tagger, label_metrics = train_labeler(
            train_docs, test_docs, language=language, seed=seed, progress=scaled(progress, 30, 100)
        )
    except TrainingDataError as error:
        raise TrainingDataError(f"{error} (a CLASSLABEL model needs classes and spans)") from None
    metrics = {
        **class_metrics,
        **label_metrics,
        "score": round((class_metrics["score"] + label_metrics["score"]) / 2, 6),
        "test_documents": len(test_docs),
    }
    return ClassesAndLabels(classifier=classifier, tagger=tagger), metrics


_TRAINERS = {
    "ABSA": train_absa,
    "CLASS": _train_class,
    "LABEL": train_labeler,
    "CLASSLABEL": _train_classlabel,
}


def train(
    model_type: str,
    train_docs: Sequence[Document],
    test_docs: Sequence[Document],
    *,
    language: str,
    seed: int = 0,
    progress: Progress | None = None,
    base_documents: Sequence[Document] = (),
):
    """``(fitted, metrics)`` of a model of ``model_type`` (see the module doc).

    Raises :class:`TrainingDataError` (with a readable reason) when the
    documents cannot make a model, ``ValueError`` for an unknown type or language.
    """
    trainer = _TRAINERS.get(model_type)
    if trainer is None:
        raise ValueError(f"unknown model type {model_type!r}")
    return trainer(
        [*base_documents, *train_docs],
        list(test_docs),
        language=language,
        seed=seed,
        progress=progress or no_progress,
    )


def _spans(tagger: SpanTagger, texts: Sequence[str]) -> list[list[dict]]:
    return [
        [{"start": s.start, "end": s.end, "label": s.label} for s in spans]
        for spans in tagger.spans(texts)
    ]


def predict(model_type: str, fitted, texts: Sequence[str]) -> list[dict]:
    """One prediction per text, in the shape of ``model_type`` (see the module doc)."""
    texts = [str(text) for text in texts]
    if model_type == "CLASS":
        return [{"classes": classes} for classes in predict_classes(fitted, texts)]
    if model_type == "LABEL":
        return [{"spans": spans} for spans in _spans(fitted, texts)]
    if model_type == "ABSA":
        return [
            {
                "aspects": [
                    {"start": a.start, "end": a.end, "term": text[a.start : a.end],
                     "polarity": a.polarity}
                    for a in aspects
                ]
            }
            for text, aspects in zip(texts, predict_aspects(fitted, texts), strict=True)
        ]  # fmt: skip
    if model_type == "CLASSLABEL":
        classes = predict_classes(fitted.classifier, texts)
        spans = _spans(fitted.tagger, texts)
        return [{"classes": c, "spans": s} for c, s in zip(classes, spans, strict=True)]
    raise ValueError(f"unknown model type {model_type!r}")


__all__ = [
    "MODEL_TYPES",
    "AspectSentiment",
    "ClassesAndLabels",
    "TrainingDataError",
    "predict",
    "train",
]
