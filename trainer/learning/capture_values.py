"""The kinds of value a capture field holds, and where such a value starts and ends.

A value is a run of words on one line: a *date* (``06.10.2013``, ``19 april 2014``,
``August 3 , 2014``), an *amount* (``1.234,56``, ``-233,47``, with its currency
only when the trained sample had it), a *code* (one token with a digit:
``FA-2017-0009``, ``n°562044387`` read as ``562044387``) or *text* (words up to
the next gap between columns). A value ends where its kind ends, so a date never
takes the time after it and an amount never the next column. Printed values are
kept as printed, without the symbols around them (``# RE-1`` is ``RE-1``,
``= 9.90`` is ``9.90``, ``571,04 €`` is ``571,04``), but for the letters OCR reads
for digits in a date or an amount (``O5`` is ``05``); a currency printed apart
from its amount is a value of its own (its ISO code: ``€`` is ``EUR``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .capture_pages import Word

DATE, AMOUNT, CODE, TEXT = "date", "amount", "code", "text"
KINDS = (DATE, AMOUNT, CODE, TEXT)
# A word follows the previous one in the same column when the gap is at most this
# many times the line's height (a space is about a third of it).
WORD_GAP = 0.9
# Dates are at most this many words ("August 3 , 2014").
DATE_WORDS = 4

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "jan january januar janvier januari janv",
            "feb february februar fevrier februari fevr",
            "mar march marz maerz mars maart",
            "apr april avril",
            "may mai mei",
            "jun june juni juin",
            "jul july juli juillet juil",
            "aug august aout augustus",
            "sep sept september septembre",
            "oct october oktober octobre okt",
            "nov november novembre",
            "dec december dezember decembre dez",
        ),
        start=1,
    )
    for name in names.split()
}
CURRENCIES = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "usd": "USD",
    "us$": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "chf": "CHF",
    "₹": "INR",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "rm": "MYR",
    "myr": "MYR",
}
_SYMBOLS = "€$£₹"
_NUMERIC_DATE = re.compile(
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?![\d./-]*\d)"
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WORD_DATE = re.compile(
    rf"(?:\d{{1,2}}\.? ?(?:{_MONTH})\.?,? ?\d{{4}}|(?:{_MONTH})\.? \d{{1,2}} ?,? ?\d{{4}})",
)
_AMOUNT = re.compile(r"[-−+]?(?:\d{1,3}(?:[.,' ]\d{3})+|\d+)(?:[.,]\d{1,2})?")
_DECIMALS = re.compile(r"[.,]\d{2}$")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_/.\-]*[A-Za-z0-9]")
_CODE_PREFIX = re.compile(r"^(?:#|n°|nº|no\.?|nr\.?|:)+", re.IGNORECASE)
_EDGE = re.compile(r"^[^\w€$£₹-]+|[^\w€$£₹]+$")
_DIGIT_FOR = {"O": "0", "o": "0", "D": "0", "l": "1", "I": "1"}
_MISREAD_DIGIT = re.compile(r"(?<=\d)[OoDlI]|[OoDlI](?=[\d.,/-]*\d)(?<![A-Za-z][OoDlI])")
_TEXT_EDGE = re.compile(r"^[^\w(]+|[\s,:;]+$")  # a name keeps its last dot: "B.V."


def fold(text: str) -> str:
    """Case-folded, without accents: how words are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _digits(text: str) -> str:
    """A date's or an amount's text with the letters OCR reads for digits beside other
    digits read as those digits (``O5.O1.2018`` is ``05.01.2018``, ``1l.50`` is
    ``11.50``); codes are left alone, where such letters may be meant."""
    return _MISREAD_DIGIT.sub(lambda m: _DIGIT_FOR[m.group()], text)


def _trimmed(text: str) -> str:
    """Without the punctuation around it (``#``, ``=``, ``:``, brackets)."""
    return _EDGE.sub("", text)


def currency_of(text: str) -> str | None:
    """The ISO code of a word that is a currency (``€``, ``EUR``, ``Rs.``), or None."""
    return CURRENCIES.get(fold(text).strip(":()"))


@dataclass(frozen=True)
class Value:
    kind: str
    text: str
    words: tuple[Word, ...]


def _date_at(words: Sequence[Word], start: int) -> Value | None:
    for count in range(min(DATE_WORDS, len(words) - start), 0, -1):
        span = words[start : start + count]
        joined = _digits(_trimmed(" ".join(w.text for w in span)))
        pattern = _NUMERIC_DATE if count == 1 else _WORD_DATE
        if pattern.fullmatch(fold(joined)) and _is_day(joined):
            return Value(DATE, joined, tuple(span))
    return None


def _is_day(date: str) -> bool:
    """Whether a date's numbers can be a day and a month (either way round): a misread
    ``19/62/2018`` is no date."""
    numbers = [int(n) for n in re.findall(r"\d+", date)]
    if len(numbers) < 3:  # a month written out: its day only
        return 1 <= min(numbers) <= 31
    first, second = numbers[:2] if numbers[0] < 100 else (numbers[2], numbers[1])
    return (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)


def amount_text(text: str) -> str | None:
    """The amount a word holds without its symbols (``$4.11`` is ``4.11``), or None."""
    bare = _digits(_trimmed(text)).strip(_SYMBOLS + "=")
    for name in ("rs.", "rs", "eur", "usd"):
        if fold(bare).startswith(name):
            bare = bare[len(name) :]
    bare = bare.strip(": ")
    return bare if bare and _AMOUNT.fullmatch(bare) else None


def amount_number(text: str) -> float | None:
    """The number an amount's word stands for (``1.234,56`` and ``1,234.56`` are
    1234.56), or None."""
    bare = amount_text(text)
    if bare is None:
        return None
    sign = -1 if bare[0] in "-−" else 1
    digits = bare.lstrip("+-−")
    decimals = re.search(r"[.,](\d{1,2})$", digits)
    whole, cents = (digits[: decimals.start()], decimals.group(1)) if decimals else (digits, "0")
    return sign * float(re.sub(r"\D", "", whole) + "." + cents)


def _amount_at(words: Sequence[Word], start: int, currency: str | None) -> Value | None:
    """An amount with decimals, or one beside a currency; with the currency word before
    or after it when ``currency`` says so (as the trained sample had it)."""
    text = amount_text(words[start].text)
    if text is None:
        return None
    before = start > 0 and currency_of(words[start - 1].text) is not None
    after = start + 1 < len(words) and currency_of(words[start + 1].text) is not None
    own = any(s in words[start].text for s in _SYMBOLS) or text != _trimmed(words[start].text)
    if not (_DECIMALS.search(text) or before or after or own):
        return None
    if currency == "before" and before:
        span = (words[start - 1], words[start])
        return Value(AMOUNT, f"{_trimmed(span[0].text)} {text}", span)
    if currency == "after" and after:
        span = (words[start], words[start + 1])
        return Value(AMOUNT, f"{text} {_trimmed(span[1].text)}", span)
    return Value(AMOUNT, text, (words[start],))


def _code_at(words: Sequence[Word], start: int) -> Value | None:
    text = _CODE_PREFIX.sub("", _trimmed(words[start].text))
    if len(text) >= 3 and any(c.isdigit() for c in text) and _CODE.fullmatch(text):
        return Value(CODE, text, (words[start],))
    return None


def _text_at(words: Sequence[Word], start: int) -> Value | None:
    span = [words[start]]
    for word in words[start + 1 :]:
        if word.x1 - span[-1].x2 > WORD_GAP * max(word.height, span[-1].height):
            break
        span.append(word)
    text = _TEXT_EDGE.sub("", " ".join(w.text for w in span))
    if not any(c.isalpha() for c in text):
        return None
    return Value(TEXT, text, tuple(span))


def value_at(words: Sequence[Word], start: int, kind: str, currency: str | None = None):
    """The value of ``kind`` that starts at ``words[start]`` on a line, or None."""
    if kind == DATE:
        return _date_at(words, start)
    if kind == AMOUNT:
        return _amount_at(words, start, currency)
    if kind == CODE:
        return _code_at(words, start)
    return _text_at(words, start)


def values(lines: Iterable[Sequence[Word]], kind: str, currency: str | None = None) -> list[Value]:
    """Every value of ``kind`` on the lines (each a list of words left to right)."""
    found = []
    for line in lines:
        for start in range(len(line)):
            value = value_at(line, start, kind, currency)
            if value is not None:
                found.append(value)
    return found


def kind_of(words: Sequence[Word]) -> tuple[str, str | None]:
    """The kind of a trained value (its words on one line), and for an amount where
    its currency was printed (``before``, ``after`` or None)."""
    if _date_at(words, 0) is not None:
        return DATE, None
    amounts = [i for i in range(len(words)) if amount_text(words[i].text) is not None]
    if amounts and len(words) <= 2:
        index = amounts[-1]
        if index > 0 and currency_of(words[index - 1].text):
            return AMOUNT, "before"
        if index + 1 < len(words) and currency_of(words[index + 1].text):
            return AMOUNT, "after"
        if len(words) == 1 and _amount_at(words, 0, None) is not None:
            return AMOUNT, None
    if len(words) == 1 and _code_at(words, 0) is not None:
        return CODE, None
    return TEXT, None
