"""One interface over the learners of every model type.

``train(model_type, train_docs, test_docs, language=…)`` fits the type's model
and returns it with its metrics; ``predict(model_type, fitted, texts)`` gives
one prediction per text.

The types have the vendor's meaning (DeepOpinion Studio, see
:mod:`trainer.learning.documents` and ``docs/text-types.md``) when the documents
are :class:`trainer.learning.documents.Document`: a prediction is then the
text's list of segments in the vendor's JSON, ``[{"text", "span": [start, end],
"tags": [{"class"?, "label"?}]}]`` (one whole-text segment for LABEL, CLASS and
CLASSLABEL, none when nothing was found), and the metrics are those of the
type's module (:mod:`.single_label`, :mod:`.multi_label`, :mod:`.class_label`,
:mod:`.segments`), each with a ``score`` and ``test_documents``.

Until the embedded text service speaks the vendor's documents (the next step of
issue #18), documents of the old shape (:class:`~trainer.learning.corpora.Document`)
still train the old meaning, and its models predict in the old shapes:

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

from . import documents
from .absa import AspectSentiment, predict_aspects, train_absa
from .class_label import ClassLabel, train_class_label
from .classifier import TextClassifier, predict_classes, train_classifier
from .common import Progress, TrainingDataError, no_progress, scaled
from .corpora import Document
from .labeler import train_labeler
from .multi_label import MultiLabel, train_multi_label
from .segments import Segments, train_segments
from .sequence import SpanTagger
from .single_label import SingleLabel, train_single_label

MODEL_TYPES = documents.MODEL_TYPES

# The vendor's meaning: each type's learner and the class of its fitted model.
_VENDOR = {
    "LABEL": (train_single_label, SingleLabel),
    "CLASS": (train_multi_label, MultiLabel),
    "CLASSLABEL": (train_class_label, ClassLabel),
    "ABSA": (train_segments, Segments),
}


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


# The old meaning, while the text service sends corpora.Documents.
_OLD_TRAINERS = {
    "ABSA": train_absa,
    "CLASS": _train_class,
    "LABEL": train_labeler,
    "CLASSLABEL": _train_classlabel,
}


def train(
    model_type: str,
    train_docs: Sequence[documents.Document | Document],
    test_docs: Sequence[documents.Document | Document],
    *,
    language: str,
    seed: int = 0,
    progress: Progress | None = None,
    base_documents: Sequence[documents.Document | Document] = (),
):
    """``(fitted, metrics)`` of a model of ``model_type`` (see the module doc).

    Raises :class:`TrainingDataError` (with a readable reason) when the
    documents cannot make a model, ``ValueError`` for an unknown type or language.
    """
    if model_type not in MODEL_TYPES:
        raise ValueError(f"unknown model type {model_type!r}")
    everything = [*base_documents, *train_docs, *test_docs]
    vendor = all(isinstance(d, documents.Document) for d in everything)
    if not vendor and any(isinstance(d, documents.Document) for d in everything):
        raise ValueError("the documents mix the vendor's shape and the old one")
    trainer = _VENDOR[model_type][0] if vendor else _OLD_TRAINERS[model_type]
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


def predict(model_type: str, fitted, texts: Sequence[str]) -> list:
    """One prediction per text: its segments in the vendor's JSON for a model of
    the vendor's meaning, else the old shape of ``model_type`` (see the module doc)."""
    texts = [str(text) for text in texts]
    if model_type in _VENDOR and isinstance(fitted, _VENDOR[model_type][1]):
        return [
            [segment.to_json(text) for segment in segments]
            for text, segments in zip(texts, fitted.segments(texts), strict=True)
        ]
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
    "ClassLabel",
    "ClassesAndLabels",
    "MultiLabel",
    "Segments",
    "SingleLabel",
    "TrainingDataError",
    "predict",
    "train",
]
