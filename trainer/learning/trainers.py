"""One interface over the learners of every model type.

``train(model_type, train_docs, test_docs, language=…)`` fits the type's model
and returns it with its metrics; ``predict(model_type, fitted, texts)`` gives
one prediction per text.

The types have the vendor's meaning (DeepOpinion Studio, see
:mod:`trainer.learning.documents` and ``docs/text-types.md``): the documents are
:class:`trainer.learning.documents.Document`, a prediction is the text's list of
segments in the vendor's JSON, ``[{"text", "span": [start, end], "tags":
[{"class"?, "label"?}]}]`` (one whole-text segment for LABEL, CLASS and
CLASSLABEL, none when nothing was found), and the metrics are those of the
type's module (:mod:`.single_label`, :mod:`.multi_label`, :mod:`.class_label`,
:mod:`.segments`), each with a ``score`` and ``test_documents``.

A base model's training documents (``base_documents``) are added before the
train set: the new model starts from what the base learnt, and its own
documents refine it.

``encoder`` asks for the optional sentence encoder (:mod:`.encoder`): CLASS, CLASSLABEL
and ABSA models of English text then read each text's sentence vector too
(:data:`ENCODED_TYPES`; LABEL meets its mark without it, and SST-2's 7,800 texts would
take more than the minute to encode). :func:`needs_encoder` says whether a fitted model
reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import documents
from .class_label import ClassLabel, train_class_label
from .common import Progress, TrainingDataError, no_progress
from .multi_label import MultiLabel, train_multi_label
from .segments import Segments, train_segments
from .single_label import SingleLabel, train_single_label

MODEL_TYPES = documents.MODEL_TYPES

# Each type's learner and the class of its fitted model.
_LEARNERS = {
    "LABEL": (train_single_label, SingleLabel),
    "CLASS": (train_multi_label, MultiLabel),
    "CLASSLABEL": (train_class_label, ClassLabel),
    "ABSA": (train_segments, Segments),
}
ENCODED_TYPES = {"CLASS", "CLASSLABEL", "ABSA"}


def train(
    model_type: str,
    train_docs: Sequence[documents.Document],
    test_docs: Sequence[documents.Document],
    *,
    language: str,
    seed: int = 0,
    progress: Progress | None = None,
    base_documents: Sequence[documents.Document] = (),
    encoder: bool = False,
):
    """``(fitted, metrics)`` of a model of ``model_type`` (see the module doc).

    Raises :class:`TrainingDataError` (with a readable reason) when the
    documents cannot make a model, ``ValueError`` for an unknown type or language.
    """
    if model_type not in MODEL_TYPES:
        raise ValueError(f"unknown model type {model_type!r}")
    learner = _LEARNERS[model_type][0]
    options = {"encoder": encoder} if model_type in ENCODED_TYPES else {}
    return learner(
        [*base_documents, *train_docs],
        list(test_docs),
        language=language,
        seed=seed,
        progress=progress or no_progress,
        **options,
    )


def needs_encoder(fitted) -> bool:
    """Whether the fitted model reads the sentence encoder (it cannot predict without)."""
    if isinstance(fitted, Segments):
        fitted = fitted.pairs
    if isinstance(fitted, ClassLabel):
        fitted = fitted.classes
    return isinstance(fitted, MultiLabel) and fitted.encoder


def predict(model_type: str, fitted, texts: Sequence[str]) -> list[list[dict]]:
    """The segments of each text in the vendor's JSON (see the module doc)."""
    if model_type not in MODEL_TYPES:
        raise ValueError(f"unknown model type {model_type!r}")
    if not isinstance(fitted, _LEARNERS[model_type][1]):
        raise ValueError(f"not a fitted {model_type} model: {type(fitted).__name__}")
    texts = [str(text) for text in texts]
    return [
        [segment.to_json(text) for segment in segments]
        for text, segments in zip(texts, fitted.segments(texts), strict=True)
    ]


__all__ = [
    "MODEL_TYPES",
    "ClassLabel",
    "MultiLabel",
    "Segments",
    "SingleLabel",
    "TrainingDataError",
    "predict",
    "train",
]
