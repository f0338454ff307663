"""Text normalisation and tokenisation, one rule set per supported language.

A language this module does not know is refused with ``ValueError``: it is never
silently treated as English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial

LANGUAGES = ("en", "de", "ar")

# Arabic: harakat and other diacritics (U+064B..U+065F), the superscript alef
# (U+0670), Quranic annotation marks, and the tatweel (kashida, U+0640).
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Alef with hamza above/below, with madda, and alef wasla become a bare alef.
_ARABIC_ALEFS = str.maketrans(dict.fromkeys("\u0622\u0623\u0625\u0671", "\u0627"))

# English and German: runs of letters and digits (umlauts and ß included), with
# inner apostrophes ("don't") and hyphens ("E-Mail-Adresse") kept in the token.
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Arabic: runs of Arabic letters (hamza to yeh and the extended letters), or of
# other letters and digits for the Latin words and numbers inside Arabic text.
_ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u066e-\u06d3]+|[^\W_]+")


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


def tokenize(text: str, *, language: str) -> list[str]:
    """The word tokens of ``text`` after :func:`normalize`."""
    pattern = _ARABIC_WORD if check_language(language) == "ar" else _LATIN_WORD
    return pattern.findall(normalize(text, language=language))


def tokenize_normalized(text: str, *, language: str) -> list[str]:
    """Tokens of text that :func:`normalize` already handled (a vectorizer's tokenizer)."""
    pattern = _ARABIC_WORD if language == "ar" else _LATIN_WORD
    return pattern.findall(text)


def normalizer_for(language: str) -> partial:
    """A picklable one-argument normaliser for ``language`` (for scikit-learn)."""
    return partial(normalize, language=check_language(language))


def tokenizer_for(language: str) -> partial:
    """A picklable one-argument tokenizer for normalised text in ``language``."""
    return partial(tokenize_normalized, language=check_language(language))
