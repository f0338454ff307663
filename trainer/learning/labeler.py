"""Span labelling (the LABEL type): a CRF tagger scored by exact span match.

Metrics (the contract's LABEL keys): ``score`` (= ``span_f1``),
``test_documents``, ``span_f1`` (exact match of start, end and label, micro
over all labels) and ``per_label`` ``{label: {precision, recall, f1, support}}``.
Documents without spans take part: they teach the tagger what is not a span.
"""

from __future__ import annotations

from collections.abc import Sequence

from .common import Progress, TrainingDataError, no_progress, scaled
from .corpora import Document
from .sequence import SpanTagger, fit_tagger, span_metrics
from .text import check_language


def train_labeler(
    train_docs: Sequence[Document],
    test_docs: Sequence[Document],
    *,
    language: str,
    seed: int = 0,
    progress: Progress | None = None,
) -> tuple[SpanTagger, dict]:
    """Fit a span tagger on ``train_docs``, evaluate it on ``test_docs``.

    ``seed`` is accepted for a common signature: CRF training is deterministic.
    Raises :class:`TrainingDataError` when the documents cannot make a model.
    """
    check_language(language)
    report = progress or no_progress
    report(0.0, "checking documents")
    if not any(document.spans for document in train_docs):
        raise TrainingDataError("train set has no documents with labels")
    if not any(document.spans for document in test_docs):
        raise TrainingDataError("test set has no documents with labels")
    tagger = fit_tagger(train_docs, language=language, progress=scaled(report, 2.0, 90.0))
    report(90.0, "evaluation")
    metrics = labeler_metrics(tagger, test_docs)
    report(100.0, "done")
    return tagger, metrics


def labeler_metrics(tagger: SpanTagger, test_docs: Sequence[Document]) -> dict:
    spans = span_metrics([d.spans for d in test_docs], tagger.spans([d.text for d in test_docs]))
    return {"score": spans["span_f1"], "test_documents": len(test_docs), **spans}
