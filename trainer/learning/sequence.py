"""Finding stretches of text with a linear-chain CRF over token features (sklearn-crfsuite):
where ABSA's classes stand (:mod:`trainer.learning.segments`).

Texts are cut into tokens with offsets (:func:`trainer.learning.text.tokens_with_offsets`);
gold spans become BIO tags on those tokens, and predicted tags become spans
again (from the first token's start to the last token's end). Features are
gazetteer-free: the normalised word, its prefixes and suffixes, its shape, the
words and shapes around it; for Arabic also the word a clitic was split from,
the article and the stem without clitics.

The one list the tagger uses is learnt from its own train set: the "term
memory" of word sequences that were labelled there, which marks the same
sequences in a text (longest match first). While training, each document is
marked only with the terms of the *other* documents (ten folds), so the CRF
learns how far to trust a remembered term on text it has not seen.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

import pycrfsuite
from sklearn_crfsuite import CRF

from .common import Progress
from .corpora import Document, Span
from .text import Token, check_language, normalize, tokens_with_offsets

OUTSIDE = "O"
MAX_ITERATIONS = 100
MAX_TERM_TOKENS = 6
TERM_FOLDS = 10
# L1 and L2 regularisation of the CRF (lbfgs); fixed, they suit a few dozen to
# tens of thousands of sentences.
C1, C2 = 0.05, 0.05
# Arabic suffixed pronouns, longest first (stripped for the stem feature).
_ARABIC_SUFFIXES = ("كما", "هما", "كم", "كن", "هم", "هن", "نا", "ها", "ه", "ي", "ك")
_ARABIC_ARTICLE = "ال"


def _shape(word: str) -> str:
    shape = []
    for char in word:
        kind = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        shape.append(kind)
    return "".join(shape)


def _short_shape(shape: str) -> str:
    """The shape with runs collapsed: ``Xxxxx`` → ``Xx``."""
    return "".join(c for i, c in enumerate(shape) if i == 0 or c != shape[i - 1])


def _arabic_stem(word: str) -> str:
    stem = word.removeprefix(_ARABIC_ARTICLE) if len(word) > 4 else word
    for suffix in _ARABIC_SUFFIXES:
        if len(stem) - len(suffix) >= 3 and stem.endswith(suffix):
            return stem[: -len(suffix)]
    return stem


def _own_features(token: Token, language: str) -> dict:
    word = normalize(token.text, language=language)
    shape = _shape(token.text)
    features = {
        "w": word,
        "p2": word[:2],
        "p3": word[:3],
        "s2": word[-2:],
        "s3": word[-3:],
        "s4": word[-4:],
        "shape": _short_shape(shape),
        "len": str(min(len(word), 8)),
    }
    if len(shape) <= 6:
        features["fullshape"] = shape
    if token.text[:1].isupper():
        features["title"] = 1.0
    if token.text.isupper():
        features["upper"] = 1.0
    if any(c.isdigit() for c in token.text):
        features["digit"] = 1.0
    if all(unicodedata.category(c)[0] in "PS" for c in token.text):
        features["punct"] = 1.0
    if language == "ar":
        whole = normalize(token.word, language=language)
        if whole != word:
            features["word"] = whole
            features["piece"] = "clitic" if len(word) == 1 else "host"
        stem = _arabic_stem(word)
        features["stem"] = stem
        features["stem.s2"] = stem[-2:]
        if word.startswith(_ARABIC_ARTICLE):
            features["article"] = 1.0
    return features


_CONTEXT_KEYS = ("w", "shape", "title", "s3", "stem", "punct")


def token_features(tokens: Sequence[Token], language: str) -> list[dict]:
    """CRFsuite feature dicts of each token: its own and its neighbours' (±2)."""
    own = [_own_features(token, language) for token in tokens]
    result = []
    for index, features in enumerate(own):
        combined = {"bias": 1.0, **features}
        for offset in (-2, -1, 1, 2):
            position = index + offset
            if not 0 <= position < len(own):
                combined[f"{offset}:edge"] = 1.0
                continue
            keys = _CONTEXT_KEYS if abs(offset) == 1 else ("w", "shape")
            for key in keys:
                if key in own[position]:
                    combined[f"{offset}:{key}"] = own[position][key]
        if index > 0:
            combined["-1w|w"] = f"{own[index - 1]['w']}|{features['w']}"
        if index + 1 < len(own):
            combined["w|+1w"] = f"{features['w']}|{own[index + 1]['w']}"
        result.append(combined)
    return result


def non_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted by start, each overlapping an earlier (or longer) one left out."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return chosen


def bio_tags(tokens: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """BIO tags of ``tokens``: a token that overlaps a span is inside it."""
    tags = [OUTSIDE] * len(tokens)
    for span in non_overlapping(spans):
        first = True
        for index, token in enumerate(tokens):
            if token.start < span.end and token.end > span.start:
                tags[index] = f"{'B' if first else 'I'}-{span.label}"
                first = False
    return tags


def bio_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[Span]:
    """Spans from BIO tags; an ``I-`` after ``O`` or another label starts a span."""
    spans: list[Span] = []
    current: list = []  # [start, end, label]
    for token, tag in zip(tokens, tags, strict=True):
        prefix, _dash, label = tag.partition("-")
        if prefix == "I" and current and current[2] == label:
            current[1] = token.end
            continue
        if current:
            spans.append(Span(*current))
            current = []
        if prefix in ("B", "I"):
            current = [token.start, token.end, label]
    if current:
        spans.append(Span(*current))
    return spans


Terms = dict[tuple[str, ...], Counter]


def _words(tokens: Sequence[Token], language: str) -> tuple[str, ...]:
    return tuple(normalize(token.text, language=language) for token in tokens)


def _terms_of(words: tuple[str, ...], tags: Sequence[str]) -> Iterable[tuple[tuple[str, ...], str]]:
    """The labelled word sequences of one tagged document."""
    for span in bio_spans([Token("", i, i + 1, "") for i in range(len(words))], tags):
        if span.end - span.start <= MAX_TERM_TOKENS:
            yield words[span.start : span.end], span.label


def _mark_terms(words: tuple[str, ...], features: list[dict], known) -> list[dict]:
    """Add ``term:LABEL`` = B/I to the tokens of each remembered sequence
    (``known(sequence)`` gives its most frequent label or None), longest first."""
    index = 0
    while index < len(words):
        for length in range(min(MAX_TERM_TOKENS, len(words) - index), 0, -1):
            label = known(words[index : index + length])
            if label is not None:
                for position in range(index, index + length):
                    features[position][f"term:{label}"] = "B" if position == index else "I"
                index += length
                break
        else:
            index += 1
    return features


def _most_frequent(counts: Counter | None) -> str | None:
    positive = [(n, label) for label, n in (counts or {}).items() if n > 0]
    return max(positive)[1] if positive else None


class _ReportingTrainer(pycrfsuite.Trainer):
    """A CRFsuite trainer that reports each iteration to ``report(number)``.

    CRFsuite ignores exceptions raised in its callbacks, so the first one is kept
    and raised once the optimisation has ended (a cancel takes effect then).
    """

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.error: BaseException | None = None

    def message(self, message):
        event = self.logparser.feed(message)
        if event == "iteration" and self.error is None:
            try:
                self.report(self.logparser.last_iteration["num"])
            except BaseException as error:  # noqa: BLE001 - re-raised after training
                self.error = error

    def train(self, *args, **kwargs):
        super().train(*args, **kwargs)
        if self.error is not None:
            raise self.error


@dataclass
class SpanTagger:
    """A fitted CRF span tagger for one language; picklable."""

    language: str
    labels: list[str]
    crf: CRF
    terms: Terms

    def features(self, tokens: Sequence[Token]) -> list[dict]:
        words = _words(tokens, self.language)
        return _mark_terms(
            words,
            token_features(tokens, self.language),
            lambda sequence: _most_frequent(self.terms.get(sequence)),
        )

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        tokenized = [tokens_with_offsets(text, language=self.language) for text in texts]
        features = [self.features(tokens) for tokens in tokenized]
        tags = self.crf.predict(features) if features else []
        return [bio_spans(tokens, t) for tokens, t in zip(tokenized, tags, strict=True)]


def fit_tagger(
    documents: Sequence[Document],
    *,
    language: str,
    progress: Progress,
    max_iterations: int = MAX_ITERATIONS,
) -> SpanTagger:
    """Fit a CRF on the spans of ``documents`` (at most ``max_iterations`` of L-BFGS).

    ``progress`` goes from 0 (feature extraction) through each CRF iteration to 100.
    """
    check_language(language)
    progress(0.0, "feature extraction")
    features, tags, words = [], [], []
    for document in documents:
        tokens = tokens_with_offsets(document.text, language=language)
        if not tokens:
            continue
        features.append(token_features(tokens, language))
        tags.append(bio_tags(tokens, document.spans))
        words.append(_words(tokens, language))
    labels = sorted({tag[2:] for sequence in tags for tag in sequence if tag != OUTSIDE})

    # The term memory: all documents' terms, and each fold's, to mark a document
    # with the terms of the other folds only.
    terms: Terms = defaultdict(Counter)
    fold_terms: list[Terms] = [defaultdict(Counter) for _ in range(TERM_FOLDS)]
    for number, (document_words, document_tags) in enumerate(zip(words, tags, strict=True)):
        for sequence, label in _terms_of(document_words, document_tags):
            terms[sequence][label] += 1
            fold_terms[number % TERM_FOLDS][sequence][label] += 1
    for number, (document_words, document_features) in enumerate(zip(words, features, strict=True)):
        fold = fold_terms[number % TERM_FOLDS]

        def others(sequence, fold=fold):
            counts = terms.get(sequence)
            return _most_frequent(counts - fold.get(sequence, Counter()) if counts else None)

        _mark_terms(document_words, document_features, others)

    def report(number: int) -> None:
        progress(10.0 + 90.0 * min(number, max_iterations) / max_iterations, f"CRF epoch {number}")

    progress(10.0, "CRF training")
    crf = CRF(
        algorithm="lbfgs",
        c1=C1,
        c2=C2,
        max_iterations=max_iterations,
        all_possible_transitions=True,
        trainer_cls=partial(_ReportingTrainer, report=report),
    )
    crf.fit(features, tags)
    crf.trainer_cls = None  # the callback is not part of the model (and not picklable)
    return SpanTagger(language=language, labels=labels, crf=crf, terms=dict(terms))
