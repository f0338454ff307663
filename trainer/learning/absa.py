"""The context of a stretch of text (an aspect), as TF-IDF views, for the vendor's ABSA
and CLASSLABEL (:mod:`trainer.learning.segments`, :mod:`trainer.learning.class_label`).

Each stretch is seen through several views of its context: the whole sentence, the
clause it stands in (cut at punctuation and at words such as "but"), a window of
five words either side with their side marked, the stretch itself, and character
n-grams of the sentence. Words after a negation ("not", "kein", "لا", …) up to the
end of the clause are marked as negated (:func:`negation_marked`, which the
document-level features share). No sentiment lexicon is used. ``ASPECT`` is the one
label of the CRF that finds stretches (:mod:`trainer.learning.sequence`), and ``C``
the SVMs' over these views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .corpora import Span
from .text import normalize, tokens_with_offsets

ASPECT = "ASPECT"
WINDOW = 5
C = 0.5
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
