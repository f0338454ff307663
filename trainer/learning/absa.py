"""Aspect-based sentiment: aspect term extraction, then the polarity of each term.

Extraction is a CRF span tagger (:mod:`trainer.learning.sequence`) whose one
label is ``ASPECT``: whatever the labels of the spans (SemEval-2016 and GermEval
label them with categories), an aspect is a stretch of text. The polarity of
each aspect is then predicted by a linear SVM over TF-IDF features of several
views of its context: the whole sentence, the clause the term stands in (cut at
punctuation and at words such as "but"), a window of five words either side
with their side marked, the term itself, and character n-grams of the
sentence. Words after a negation ("not", "kein", "لا", …) up to the end of the
clause are marked as negated. No sentiment lexicon is used. For English, when the
``embeddings`` extra is installed, all-mpnet-base-v2 is fine-tuned on the sentences
with the term marked (:mod:`trainer.learning.network`), and the polarity is the
most probable one by the mean of its probabilities and those of the SVM
(calibrated by five-fold cross-validation). The fitted model records which of
the two ways it uses.

Gold aspects are the documents' spans with their ``polarity``; two spans of the
same stretch with different polarities make one aspect of polarity
``conflict``. Spans without a polarity train the extraction only.

Metrics (the contract's ABSA keys): ``score`` (= ``pair_f1``),
``test_documents``, ``aspect_extraction_f1`` (exact span match),
``polarity_accuracy`` (the polarity predicted for the gold aspect terms),
``pair_f1`` (span and polarity both right, micro) and ``per_polarity``
``{polarity: {precision, recall, f1, support}}`` of the polarity predicted for
the gold terms.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from . import network
from .common import Progress, TrainingDataError, no_progress, prf, ratio, scaled
from .corpora import Document, Span
from .sequence import SpanTagger, fit_tagger
from .text import check_language, normalize, tokens_with_offsets

ASPECT = "ASPECT"
CONFLICT = "conflict"
WINDOW = 5
C = 0.5
CALIBRATION_FOLDS = 5
# Negations and clause breaks, per language (function words, not sentiment).
NEGATIONS = {
    "en": {"not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without",
           "hardly", "barely", "cannot", "n't", "dont", "didnt", "doesnt", "isnt", "wasnt",
           "arent", "werent", "wont", "cant", "couldnt", "wouldnt", "shouldnt"},
    "de": {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie",
           "niemals", "nichts", "ohne", "weder", "noch"},
    "ar": {"لا", "لم", "لن", "ليس", "ليست", "غير", "بدون", "دون", "ما", "مش", "مو", "بلا"},
}  # fmt: skip
CLAUSE_BREAKS = {
    "en": {"but", "although", "though", "however", "while", "whereas", "yet", "except"},
    "de": {"aber", "doch", "jedoch", "obwohl", "sondern", "während", "trotzdem", "allerdings"},
    "ar": {"لكن", "لكنه", "لكنها", "بس", "رغم", "بينما", "الا", "اما"},
}
PUNCTUATION_BREAKS = set(".,;:!?()،؛؟")
# How much each view of the context counts (their TF-IDF rows are L2-normalised).
VIEW_WEIGHTS = {"sentence": 0.7, "clause": 1.0, "window": 0.7, "term": 0.5, "characters": 0.7}


def _aspects(document: Document) -> list[Span]:
    """The gold aspects of a document: one per stretch, ``conflict`` when its
    spans disagree, without a polarity when none of them has one."""
    by_stretch: dict[tuple[int, int], set[str]] = {}
    for span in document.spans:
        polarities = by_stretch.setdefault((span.start, span.end), set())
        if span.polarity:
            polarities.add(span.polarity)
    aspects = []
    for (start, end), polarities in sorted(by_stretch.items()):
        polarity = polarities.pop() if len(polarities) == 1 else CONFLICT if polarities else None
        aspects.append(Span(start, end, ASPECT, polarity))
    return aspects


def _is_negation(word: str, language: str) -> bool:
    return word in NEGATIONS[language] or (language == "en" and word.endswith("n't"))


# A training reads each text several times (document features, context views, the
# test set), and tokenising is the slowest part of reading (Arabic's clitics above all).
MARKED_CACHE = 20_000


@lru_cache(maxsize=MARKED_CACHE)
def negation_marked(
    text: str, language: str
) -> tuple[tuple, tuple[str, ...], tuple[bool, ...], tuple[str, ...]]:
    """The tokens of ``text``, their normalised words, whether each breaks a clause,
    and the words with those after a negation (to the end of its clause) marked ``NOT_``
    (remembered for the last :data:`MARKED_CACHE` texts)."""
    tokens = tokens_with_offsets(text, language=language)
    words = [normalize(token.text, language=language) for token in tokens]
    breaks = [w in PUNCTUATION_BREAKS or w in CLAUSE_BREAKS[language] for w in words]
    marked, negated = [], False
    for word, is_break in zip(words, breaks, strict=True):
        negated = negated and not is_break
        marked.append(f"NOT_{word}" if negated else word)
        negated = negated or _is_negation(word, language)
    return tuple(tokens), tuple(words), tuple(breaks), tuple(marked)


def _views(text: str, aspects: Sequence[Span], language: str) -> list[dict[str, str]]:
    """The context views of each aspect of ``text`` (strings of space-separated features)."""
    tokens, words, breaks, marked = negation_marked(text, language)
    sentence = " ".join(marked)
    views = []
    for aspect in aspects:
        inside = [i for i, t in enumerate(tokens) if t.start < aspect.end and t.end > aspect.start]
        first, last = (inside[0], inside[-1]) if inside else (0, -1)
        left = first
        while left > 0 and not breaks[left - 1]:
            left -= 1
        right = last
        while right + 1 < len(words) and not breaks[right + 1]:
            right += 1
        window = [f"L_{w}" for w in marked[max(0, first - WINDOW) : first]] + [
            f"R_{w}" for w in marked[last + 1 : last + 1 + WINDOW]
        ]
        views.append(
            {
                "sentence": sentence,
                "clause": " ".join(marked[left:first] + marked[last + 1 : right + 1]),
                "window": " ".join(window),
                "term": " ".join(words[first : last + 1]),
                "characters": normalize(text, language=language),
            }
        )
    return views


def all_views(texts: Sequence[str], aspects: Sequence[Sequence[Span]], language: str):
    """The views of every aspect of every text, in order."""
    return [
        view
        for text, spans in zip(texts, aspects, strict=True)
        for view in _views(text, spans, language)
    ]


def _network_aspects(texts: Sequence[str], aspects: Sequence[Sequence[Span]]):
    """Every aspect of every text, in order, as :class:`network.Aspect`."""
    return [
        network.Aspect(text, span.start, span.end)
        for text, spans in zip(texts, aspects, strict=True)
        for span in spans
    ]


def _view_vectorizer(view: str) -> TfidfVectorizer:
    if view == "characters":
        return TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, lowercase=False
        )
    return TfidfVectorizer(
        token_pattern=r"\S+",  # noqa: S106 - a regular expression, not a password
        ngram_range=(1, 2),
        sublinear_tf=True,
        lowercase=False,
    )


@dataclass
class ContextFeatures:
    """The fitted TF-IDF vectorizers of the context views; picklable."""

    vectorizers: dict[str, TfidfVectorizer]

    @classmethod
    def fit(cls, views: list[dict[str, str]]) -> ContextFeatures:
        vectorizers = {}
        for view in VIEW_WEIGHTS:
            vectorizer = _view_vectorizer(view)
            try:
                vectorizer.fit([v[view] for v in views])
            except ValueError:  # an empty vocabulary: too little text for this view
                continue
            vectorizers[view] = vectorizer
        return cls(vectorizers=vectorizers)

    def transform(self, views: list[dict[str, str]]):
        return sp.hstack(
            [
                VIEW_WEIGHTS[view] * vectorizer.transform([v[view] for v in views])
                for view, vectorizer in self.vectorizers.items()
            ],
            format="csr",
        )


@dataclass
class LinearPolarity:
    """The polarity classifier of the context views: TF-IDF features and a linear SVM,
    calibrated to give probabilities when it stands beside the network."""

    language: str
    features: ContextFeatures
    estimator: LinearSVC | CalibratedClassifierCV

    def _matrix(self, texts: Sequence[str], aspects: Sequence[Sequence[Span]]):
        return self.features.transform(all_views(texts, aspects, self.language))

    def predict(self, texts: Sequence[str], aspects: Sequence[Sequence[Span]]) -> list[str]:
        return [str(p) for p in self.estimator.predict(self._matrix(texts, aspects))]

    def probabilities(self, texts: Sequence[str], aspects: Sequence[Sequence[Span]]):
        return self.estimator.predict_proba(self._matrix(texts, aspects))


@dataclass
class NetworkPolarity:
    """The network of :mod:`trainer.learning.network`; its probabilities are averaged with
    those of the calibrated linear model, when there is one."""

    network: network.PolarityNetwork
    linear: LinearPolarity | None

    def predict(self, texts: Sequence[str], aspects: Sequence[Sequence[Span]]) -> list[str]:
        probabilities = self.network.probabilities(_network_aspects(texts, aspects))
        if self.linear is not None:
            probabilities = (probabilities + self.linear.probabilities(texts, aspects)) / 2
        return [self.network.labels[best] for best in probabilities.argmax(axis=1)]


@dataclass
class AspectSentiment:
    """A fitted ABSA model: the aspect tagger and the polarity classifier."""

    language: str
    tagger: SpanTagger
    polarity: LinearPolarity | NetworkPolarity
    polarities: list[str]

    def polarities_of(self, texts: Sequence[str], aspects: Sequence[Sequence[Span]]):
        """The predicted polarity of each given aspect of each text."""
        if not any(aspects):
            return [[] for _ in texts]
        flat = iter(self.polarity.predict(texts, aspects))
        return [[next(flat) for _ in spans] for spans in aspects]


def _polar_aspects(documents: Sequence[Document]) -> tuple[list[str], list[list[Span]]]:
    """The texts and, per text, its gold aspects that have a polarity."""
    texts = [document.text for document in documents]
    return texts, [[a for a in _aspects(document) if a.polarity] for document in documents]


def _fit_linear(texts, aspects, polarities, *, language, seed, folds=0) -> LinearPolarity:
    """The linear model; calibrated by ``folds``-fold cross-validation when ``folds``."""
    views = all_views(texts, aspects, language)
    features = ContextFeatures.fit(views)
    estimator = LinearSVC(C=C, random_state=seed, max_iter=5000)
    if folds:
        estimator = CalibratedClassifierCV(estimator, cv=folds)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.fit(features.transform(views), polarities)
    return LinearPolarity(language=language, features=features, estimator=estimator)


def _fit_polarity(texts, aspects, polarities, *, language, seed, progress):
    """The network beside the calibrated linear model where the extra serves the
    language (the network alone when a polarity has a single example: too few to
    calibrate on), else the linear model."""
    if not (network.AVAILABLE and language in network.LANGUAGES):
        progress(0.0, "polarity classifier")
        return _fit_linear(texts, aspects, polarities, language=language, seed=seed)
    progress(0.0, "calibrated polarity classifier")
    folds = min(CALIBRATION_FOLDS, *Counter(polarities).values())
    linear = (
        _fit_linear(texts, aspects, polarities, language=language, seed=seed, folds=folds)
        if folds >= 2
        else None
    )
    fitted = network.fit_polarity(
        _network_aspects(texts, aspects), polarities, seed=seed, progress=scaled(progress, 10, 100)
    )
    return NetworkPolarity(network=fitted, linear=linear)


def train_absa(
    train_docs: Sequence[Document],
    test_docs: Sequence[Document],
    *,
    language: str,
    seed: int = 0,
    progress: Progress | None = None,
) -> tuple[AspectSentiment, dict]:
    """Fit aspect extraction and polarity on ``train_docs``, evaluate on ``test_docs``.

    Raises :class:`TrainingDataError` when the documents cannot make a model.
    """
    check_language(language)
    report = progress or no_progress
    report(0.0, "checking documents")
    if not any(document.spans for document in train_docs):
        raise TrainingDataError("train set has no documents with labels")
    if not any(document.spans for document in test_docs):
        raise TrainingDataError("test set has no documents with labels")
    texts, aspects = _polar_aspects(train_docs)
    polarities = [span.polarity for spans in aspects for span in spans]
    found = sorted(set(polarities))
    if len(found) < 2:
        raise TrainingDataError(
            f"the aspects of the train set have {len(found)} polarities "
            f"({', '.join(found) or 'none'}); at least two are needed"
        )

    tagger = fit_tagger(
        [Document(d.text, d.classes, tuple(_aspects(d))) for d in train_docs],
        language=language,
        progress=scaled(report, 2.0, 40.0),
    )
    polarity = _fit_polarity(
        texts, aspects, polarities, language=language, seed=seed, progress=scaled(report, 40, 80)
    )
    fitted = AspectSentiment(language=language, tagger=tagger, polarity=polarity, polarities=found)

    report(80.0, "evaluation")
    metrics = absa_metrics(fitted, test_docs)
    report(100.0, "done")
    return fitted, metrics


def predict_aspects(fitted: AspectSentiment, texts: Sequence[str]) -> list[list[Span]]:
    """The aspects found in each text, each with its predicted polarity."""
    found = fitted.tagger.spans(texts)
    polarities = fitted.polarities_of(texts, found)
    return [
        [Span(s.start, s.end, ASPECT, p) for s, p in zip(spans, ps, strict=True)]
        for spans, ps in zip(found, polarities, strict=True)
    ]


def absa_metrics(fitted: AspectSentiment, test_docs: Sequence[Document]) -> dict:
    """The contract's ABSA metrics of ``fitted`` on ``test_docs`` (see module doc)."""
    texts = [d.text for d in test_docs]
    gold = [_aspects(d) for d in test_docs]
    predicted = predict_aspects(fitted, texts)

    def counts(key):
        g = {(i, *key(s)) for i, spans in enumerate(gold) for s in spans}
        p = {(i, *key(s)) for i, spans in enumerate(predicted) for s in spans}
        tp = len(g & p)
        precision, recall = ratio(tp, len(p)), ratio(tp, len(g))
        return round(ratio(2 * precision * recall, precision + recall), 6)

    polar = [[s for s in spans if s.polarity] for spans in gold]
    on_gold = fitted.polarities_of(texts, polar)
    gold_polarities = [s.polarity for spans in polar for s in spans]
    predicted_polarities = [p for ps in on_gold for p in ps]
    right = np.array(gold_polarities) == np.array(predicted_polarities)
    per_polarity = {}
    for polarity in sorted(set(gold_polarities) | set(predicted_polarities)):
        gold_is = np.array([g == polarity for g in gold_polarities])
        predicted_is = np.array([p == polarity for p in predicted_polarities])
        per_polarity[polarity] = prf(
            int(np.sum(gold_is & predicted_is)),
            int(np.sum(predicted_is & ~gold_is)),
            int(np.sum(gold_is & ~predicted_is)),
        )
    pair_f1 = counts(lambda s: (s.start, s.end, s.polarity))
    return {
        "score": pair_f1,
        "test_documents": len(test_docs),
        "aspect_extraction_f1": counts(lambda s: (s.start, s.end)),
        "polarity_accuracy": round(float(np.mean(right)) if right.size else 0.0, 6),
        "pair_f1": pair_f1,
        "per_polarity": per_polarity,
    }
