"""Document classification: TF-IDF (word and character n-grams) and a linear SVM.

Documents are ``(text, [classes])``. When any document has more than one class
the model is multi-label (one-vs-rest), otherwise single-label. The SVM's ``C``
is chosen by stratified cross-validation on the train set (macro-F1; on a sample
of at most 3,000 of its documents), then the model is fitted on the whole train
set and evaluated on the test set.

Metrics (the contract's CLASS keys): ``score`` (= ``macro_f1``),
``test_documents``, ``accuracy`` (exact match of the class set, which for
single-label is plain accuracy), ``macro_f1`` (mean F1 over every class that is
gold or predicted in the test set), ``per_class`` ``{label: {precision, recall,
f1, support}}`` and ``confusion`` ``{gold: {predicted: count}}``: the number of
test documents that have ``gold`` among their gold classes and ``predicted``
among their predicted ones. For single-label data that is the usual confusion
matrix; for multi-label data it is a co-occurrence table whose diagonal holds
each class's true positives.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from .common import Progress, TrainingDataError, no_progress, prf, ratio
from .text import check_language, normalizer_for, tokenizer_for

Doc = tuple[str, Sequence[str]]

C_CANDIDATES = (0.25, 1.0, 4.0)
MAX_FOLDS = 3
# C is chosen on a sample of this size at most: it costs seconds, not minutes,
# on a large train set, and a few thousand documents show which C is best.
MAX_CV_DOCUMENTS = 3000


@dataclass
class TextClassifier:
    """A fitted classifier; pickle it with joblib, use it with :func:`predict_classes`."""

    language: str
    labels: list[str]
    multi_label: bool
    c: float
    vectorizer: FeatureUnion
    estimator: LinearSVC | OneVsRestClassifier


def _labelled(docs: Sequence[Doc]) -> list[tuple[str, list[str]]]:
    """Documents with at least one class, classes de-duplicated in order."""
    result = []
    for text, classes in docs:
        unique = list(dict.fromkeys(str(c) for c in classes))
        if unique:
            result.append((str(text), unique))
    return result


def _vectorizer(language: str) -> FeatureUnion:
    normalizer = normalizer_for(language)
    words = TfidfVectorizer(
        preprocessor=normalizer,
        tokenizer=tokenizer_for(language),
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
        max_features=200_000,
        dtype=np.float32,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        preprocessor=normalizer,
        lowercase=False,
        ngram_range=(2, 5),
        sublinear_tf=True,
        max_features=300_000,
        dtype=np.float32,
    )
    return FeatureUnion([("words", words), ("chars", chars)])


def _estimator(*, c: float, multi_label: bool, seed: int) -> LinearSVC | OneVsRestClassifier:
    svm = LinearSVC(C=c, random_state=seed, max_iter=5000)
    return OneVsRestClassifier(svm) if multi_label else svm


def _fit(estimator, features, classes: list[list[str]], multi_label: bool, labels: list[str]):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)  # one-vs-rest: a label always present
        if multi_label:
            estimator.fit(features, MultiLabelBinarizer(classes=labels).fit_transform(classes))
        else:
            estimator.fit(features, [c[0] for c in classes])
    return estimator


def _predict(estimator, features, *, multi_label: bool, labels: list[str]) -> list[list[str]]:
    if features.shape[0] == 0:
        return []
    if not multi_label:
        return [[str(label)] for label in estimator.predict(features)]
    scores = np.asarray(estimator.decision_function(features))
    predictions = []
    for row in scores:
        chosen = [labels[i] for i in np.flatnonzero(row > 0)]
        # Every document gets at least one class: the best one if none is positive.
        predictions.append(chosen or [labels[int(np.argmax(row))]])
    return predictions


def _folds(classes: list[list[str]], *, multi_label: bool, seed: int):
    """Cross-validation splits (row numbers of the train set) of at most
    ``MAX_CV_DOCUMENTS`` documents drawn at random, or ``[]`` when too few."""
    rows = np.arange(len(classes))
    if len(rows) > MAX_CV_DOCUMENTS:
        rows = np.sort(np.random.default_rng(seed).choice(rows, MAX_CV_DOCUMENTS, replace=False))
    sample = [classes[i] for i in rows]
    if multi_label:
        if len(sample) < 2 * MAX_FOLDS:
            return []
        splits = KFold(MAX_FOLDS, shuffle=True, random_state=seed).split(sample)
    else:
        single = [c[0] for c in sample]
        smallest = min(single.count(label) for label in set(single))
        folds = min(MAX_FOLDS, smallest)
        if folds < 2:
            return []
        splits = StratifiedKFold(folds, shuffle=True, random_state=seed).split(
            np.zeros(len(single)), single
        )
    return [(rows[fit], rows[check]) for fit, check in splits]


def classification_metrics(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]):
    """The contract's CLASS metrics for gold and predicted class lists (see module doc)."""
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


def train_classifier(
    train_docs: Sequence[Doc],
    test_docs: Sequence[Doc],
    *,
    language: str,
    seed: int = 0,
    progress: Progress | None = None,
) -> tuple[TextClassifier, dict]:
    """Fit a classifier on ``train_docs``, evaluate it on ``test_docs``.

    ``progress(percent, step)`` is called before each step with a rising percent
    (0 to 100); an exception it raises stops the training. Raises
    :class:`TrainingDataError` when the documents cannot make a model.
    """
    check_language(language)
    report = progress or no_progress
    report(0.0, "checking documents")
    train = _labelled(train_docs)
    test = _labelled(test_docs)
    if not train:
        raise TrainingDataError("train set has no documents with labels")
    if not test:
        raise TrainingDataError("test set has no documents with labels")
    labels = sorted({label for _, classes in train for label in classes})
    if len(labels) < 2:
        raise TrainingDataError(
            f"only one class in the train set ({labels[0]!r}); at least two are needed"
        )
    multi_label = any(len(classes) > 1 for _, classes in [*train, *test])
    train_classes = [classes for _, classes in train]

    report(5.0, "feature extraction")
    vectorizer = _vectorizer(language)
    features = vectorizer.fit_transform([text for text, _ in train])

    folds = _folds(train_classes, multi_label=multi_label, seed=seed)
    best_c, best_score = 1.0, -1.0
    if folds:
        total = len(C_CANDIDATES) * len(folds)
        done = 0
        for c in C_CANDIDATES:
            scores = []
            for number, (fit_rows, check_rows) in enumerate(folds, start=1):
                report(20.0 + 60.0 * done / total, f"cross-validation C={c} fold {number}")
                done += 1
                estimator = _fit(
                    _estimator(c=c, multi_label=multi_label, seed=seed),
                    features[fit_rows],
                    [train_classes[i] for i in fit_rows],
                    multi_label,
                    labels,
                )
                predicted = _predict(
                    estimator, features[check_rows], multi_label=multi_label, labels=labels
                )
                gold = [train_classes[i] for i in check_rows]
                scores.append(classification_metrics(gold, predicted)["macro_f1"])
            mean = float(np.mean(scores))
            if mean > best_score:
                best_c, best_score = c, mean

    report(80.0, f"fitting C={best_c}")
    estimator = _fit(
        _estimator(c=best_c, multi_label=multi_label, seed=seed),
        features,
        train_classes,
        multi_label,
        labels,
    )
    fitted = TextClassifier(
        language=language,
        labels=labels,
        multi_label=multi_label,
        c=best_c,
        vectorizer=vectorizer,
        estimator=estimator,
    )

    report(90.0, "evaluation")
    predicted = predict_classes(fitted, [text for text, _ in test])
    metrics = classification_metrics([classes for _, classes in test], predicted)
    report(100.0, "done")
    return fitted, metrics


def predict_classes(fitted: TextClassifier, texts: Sequence[str]) -> list[list[str]]:
    """The predicted classes of each text (exactly one for a single-label model)."""
    if not texts:
        return []
    features = fitted.vectorizer.transform([str(text) for text in texts])
    return _predict(
        fitted.estimator, features, multi_label=fitted.multi_label, labels=fitted.labels
    )
