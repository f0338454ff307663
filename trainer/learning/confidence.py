"""How sure a fitted model is of its prediction for each text: a margin, the distance
of its closest decision from the other side (smaller: less sure; comparable between
the texts of one model, not between models). What a correction session sorts by, so
that people see first the documents the model is least sure of.

- LABEL: the best label's SVM score less the second best's (for two labels, the
  absolute score).
- CLASS: the smallest distance of a class's score from its threshold (the class
  the model nearly chose, or nearly did not).
- CLASSLABEL and ABSA: the smaller of their classes' margin (as CLASS) and of the
  margin of the label chosen for each predicted class (as LABEL).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .class_label import ClassLabel
from .features import weighted
from .multi_label import MultiLabel
from .segments import Segments
from .single_label import SingleLabel


def _svm_margins(scores: np.ndarray) -> np.ndarray:
    """Per row of a LinearSVC's decision function, the best score less the second."""
    if scores.ndim == 1:
        return np.abs(scores)
    ranked = np.sort(scores, axis=1)
    return ranked[:, -1] - ranked[:, -2]


def _class_margins(model: MultiLabel, texts: Sequence[str]) -> np.ndarray:
    return np.abs(model.scores(texts)).min(axis=1)


def _class_label_margins(model: ClassLabel, texts: Sequence[str]) -> np.ndarray:
    margins = _class_margins(model.classes, texts)
    classes = model.classes.predict(texts)
    if any(classes):
        pairs = _svm_margins(model.svm.decision_function(model._pair_matrix(texts, classes)))
        flat = iter(pairs)
        for row, names in enumerate(classes):
            for _name in names:
                margins[row] = min(margins[row], next(flat))
    return margins


def margins(fitted, texts: Sequence[str]) -> list[float]:
    """The margin of the fitted model's prediction for each of ``texts`` (module doc)."""
    texts = [str(text) for text in texts]
    if not texts:
        return []
    if isinstance(fitted, SingleLabel):
        matrix = weighted(fitted.features.transform(texts), fitted.weights)
        found = _svm_margins(fitted.estimator.decision_function(matrix))
    elif isinstance(fitted, MultiLabel):
        found = _class_margins(fitted, texts)
    elif isinstance(fitted, ClassLabel):
        found = _class_label_margins(fitted, texts)
    elif isinstance(fitted, Segments):
        found = _class_label_margins(fitted.pairs, texts)
    else:
        raise ValueError(f"not a fitted model: {type(fitted).__name__}")
    return [float(value) for value in found]
