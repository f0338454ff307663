"""The metrics of document classes, shared by the document-level types
(:mod:`.single_label`, :mod:`.multi_label`, :mod:`.class_label`).

For gold and predicted class lists: ``score`` (= ``macro_f1``), ``test_documents``,
``accuracy`` (exact match of the class set, which for single-label is plain
accuracy), ``macro_f1`` (mean F1 over every class that is gold or predicted),
``per_class`` ``{label: {precision, recall, f1, support}}`` and ``confusion``
``{gold: {predicted: count}}``: the number of documents that have ``gold`` among
their gold classes and ``predicted`` among their predicted ones. For single-label
data that is the usual confusion matrix; for multi-label data it is a
co-occurrence table whose diagonal holds each class's true positives.
"""

from __future__ import annotations

from collections.abc import Sequence

from .common import prf, ratio


def classification_metrics(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]):
    """The metrics of gold and predicted class lists (see module doc)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have the same length")
    gold_sets = [set(g) for g in gold]
    predicted_sets = [set(p) for p in predicted]
    labels = sorted(set().union(*gold_sets, *predicted_sets))
    per_class = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold_sets, predicted_sets, strict=True) if label in g & p)
        fp = sum(1 for g, p in zip(gold_sets, predicted_sets, strict=True) if label in p - g)
        fn = sum(1 for g, p in zip(gold_sets, predicted_sets, strict=True) if label in g - p)
        per_class[label] = prf(tp, fp, fn)
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g_set, p_set in zip(gold_sets, predicted_sets, strict=True):
        for g in g_set:
            for p in p_set:
                confusion[g][p] += 1
    exact = sum(1 for g, p in zip(gold_sets, predicted_sets, strict=True) if g == p)
    macro_f1 = round(ratio(sum(v["f1"] for v in per_class.values()), len(labels)), 6)
    return {
        "score": macro_f1,
        "test_documents": len(gold_sets),
        "accuracy": round(ratio(exact, len(gold_sets)), 6),
        "macro_f1": macro_f1,
        "per_class": per_class,
        "confusion": confusion,
    }
