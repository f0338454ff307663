"""What every learner shares: the error for unusable data, progress reporting, scores."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]


class TrainingDataError(ValueError):
    """The documents cannot train or evaluate a model; the message says why."""


def no_progress(percent: float, step: str) -> None:
    """The progress callback of a training that nobody watches."""


def scaled(progress: Progress, start: float, end: float) -> Progress:
    """``progress`` for a sub-step: its 0..100 is reported as ``start``..``end``."""
    return lambda percent, step: progress(start + (end - start) * percent / 100.0, step)


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def prf(tp: int, fp: int, fn: int) -> dict:
    """``{precision, recall, f1, support}`` from true/false positives and false negatives."""
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return {
        "precision": round(precision, 6),
        "recall": round(recall, 6),
        "f1": round(ratio(2 * precision * recall, precision + recall), 6),
        "support": tp + fn,
    }
