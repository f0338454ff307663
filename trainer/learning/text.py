"""Text normalisation and tokenisation, one rule set per supported language.

A language this module does not know is refused with ``ValueError``: it is never
silently treated as English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import NamedTuple

LANGUAGES = ("en", "de", "ar")

# Arabic: harakat and other diacritics (U+064B..U+065F), the superscript alef
# (U+0670), Quranic annotation marks, and the tatweel (kashida, U+0640).
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Alef with hamza above/below, with madda, and alef wasla become a bare alef.
_ARABIC_ALEFS = str.maketrans(dict.fromkeys("\u0622\u0623\u0625\u0671", "\u0627"))


def check_language(language: str) -> str:
    """Return ``language`` if supported, else raise ``ValueError``."""
    if language not in LANGUAGES:
        raise ValueError(
            f"unsupported language {language!r}: expected one of {', '.join(LANGUAGES)}"
        )
    return language


def normalize(text: str, *, language: str) -> str:
    """Lowercased, NFC-composed text; for Arabic also without diacritics and tatweel,
    with the alef forms unified."""
    check_language(language)
    text = unicodedata.normalize("NFC", text).lower()
    if language == "ar":
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_ALEFS)
    return text


def normalizer_for(language: str) -> partial:
    """A picklable one-argument normaliser for ``language`` (for scikit-learn)."""
    return partial(normalize, language=check_language(language))


# -- tokens with character offsets (for span labelling) ------------------------

# A word of the original text with its combining marks (decomposed umlauts,
# harakat), the tatweel and inner apostrophes or hyphens; anything else that is
# not a space is a token of one character (punctuation, symbols).
_MARK = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_OFFSET_WORD = re.compile(rf"(?:[^\W_][{_MARK}]*)+(?:['’\-](?:[^\W_][{_MARK}]*)+)*|[^\s{_MARK}]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u063a\u0641-\u064a\u066e-\u06d3]")
_ARABIC_MARK = re.compile(rf"[{_MARK}]")
# Proclitics split off an Arabic word: the conjunctions wa/fa before a word of
# at least three more letters, and the prepositions bi/ka/li before the article.
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بكل"
_ARTICLE = "ال"


class Token(NamedTuple):
    """A token: its text as written, where it is (``text[start:end]``), and the
    whitespace-separated word it was split from (itself, unless a clitic was split)."""

    text: str
    start: int
    end: int
    word: str


def _arabic_pieces(word: str, offset: int) -> list[Token]:
    """``word`` split after its proclitics (see ``_CONJUNCTIONS``), offsets kept."""
    letters = [i for i, char in enumerate(word) if not _ARABIC_MARK.match(char)]
    base = "".join(word[i] for i in letters).translate(_ARABIC_ALEFS)
    cuts = []
    position = 0
    if base[:1] in _CONJUNCTIONS and _ARABIC_LETTER.match(base[0]) and len(base) >= 4:
        position = 1
        cuts.append(position)
    if (
        base[position : position + 1] in _PREPOSITIONS
        and base[position + 1 : position + 3] == _ARTICLE
        and len(base) - position >= 4
    ):
        cuts.append(position + 1)
    bounds = [0, *(letters[cut] for cut in cuts), len(word)]
    return [
        Token(word[a:b], offset + a, offset + b, word)
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


def tokens_with_offsets(text: str, *, language: str) -> list[Token]:
    """The tokens of ``text`` as written, with their offsets: words (with their
    marks, inner apostrophes and hyphens) and single punctuation characters. In
    Arabic, proclitic conjunctions and prepositions become tokens of their own
    ("وال" + "فندق" stays one word, "و" + "الفندق" are two tokens)."""
    check_language(language)
    tokens = []
    for match in _OFFSET_WORD.finditer(text):
        word = match.group()
        if language == "ar" and _ARABIC_LETTER.match(word):
            tokens.extend(_arabic_pieces(word, match.start()))
        else:
            tokens.append(Token(word, match.start(), match.end(), word))
    return tokens
