"""Invoice fields out of the box: found by their label words (English, German, French,
Dutch) beside or above a value of the field's kind, on an invoice never seen.

A field is known by the last part of its name (``Root/Invoice Layout/InvoiceDate``
is an invoice date). Each label phrase has a weight (``Invoice number`` says more
than ``Invoice``); a value scores the weight of its best label, less with distance
(the label to its left on its line, or above it in its column), and the value with
the best score wins. Totals prefer the larger, lower amount and lose to a net total
(``Total HT``, ``Nettobetrag``); the currency is the one printed with the total; the
vendor is the company named beside a seller's label or, without one, at the top of
the page; the buyer the name under a billing label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import capture_confidence
from .capture_pages import NOT_FOUND, Extraction, Sheet, Word, bounds, read_of
from .capture_values import (
    AMOUNT,
    CODE,
    DATE,
    TEXT,
    Value,
    amount_number,
    currency_of,
    fold,
    value_at,
)

DOCUMENT_TYPE = "invoices"
NUMBER, ISSUED, DUE, TOTAL, CURRENCY, VENDOR, BUYER = (
    "number",
    "date",
    "due",
    "total",
    "currency",
    "vendor",
    "buyer",
)
ROLES = {
    **dict.fromkeys(
        ["invoicenumber", "number", "invoiceno", "invoiceid", "documentnumber"], NUMBER
    ),
    **dict.fromkeys(["invoicedate", "date", "issuedate", "documentdate"], ISSUED),
    **dict.fromkeys(["duedate", "paymentduedate"], DUE),
    **dict.fromkeys(["total", "totalamount", "amount", "amountdue", "grandtotal"], TOTAL),
    **dict.fromkeys(["currency"], CURRENCY),
    **dict.fromkeys(["vendor", "vendorname", "supplier", "seller", "issuer", "company"], VENDOR),
    **dict.fromkeys(["customer", "customername", "buyer", "billto", "recipient"], BUYER),
}
ROLE_KINDS = {NUMBER: CODE, ISSUED: DATE, DUE: DATE, TOTAL: AMOUNT, VENDOR: TEXT, BUYER: TEXT}
# Label phrases by field, with how surely each names it.
LABELS = {
    NUMBER: {
        1.0: "invoice number|invoice no|invoice nr|invoice id|rechnungsnummer|"
        "rechnungsnr|rechnung nr|rechnungs nr|belegnummer|beleg nr|numero de facture|"
        "facture n|n de facture|facture no|factuurnummer|handelsrechnung nr|bill no|"
        "receipt no|document no|credit note no|avoir n",
        0.7: "invoice|rechnung|facture|avoir|factuur|nr|no|number|beleg|booking id",
    },
    ISSUED: {
        1.0: "invoice date|date of invoice|issue date|date of issue|billing date|rechnungsdatum|"
        "belegdatum|beleg datum|date de facture|date de facturation|factuurdatum|"
        "factuur datum|date d emission",
        0.9: "handelsrechnung nr|facture n|rechnung nr",
        0.7: "date|datum|invoice|facture|rechnung",
        0.5: "vom|du|dated",
    },
    DUE: {
        1.0: "due date|payment due|due on|falligkeitsdatum|fallig am|zahlbar bis|zahlungsziel|"
        "date d echeance|echeance|date limite de paiement|vervaldatum|te betalen voor",
        0.5: "due|fallig",
    },
    TOTAL: {
        1.0: "grand total|total due|amount due|total amount due|balance due|amount payable|"
        "total ttc|net a payer|somme a payer|montant ttc|montant total|gesamtbetrag|"
        "rechnungsbetrag|endbetrag|bruttosumme|bruttobetrag|zu zahlen|zahlbetrag|"
        "te betalen|factuur totaal|total for this invoice|invoice total|total amount",
        0.9: "total|totaal|total eur|total a payer",
        0.6: "summe|amount|montant|betrag|total facture",
    },
    CURRENCY: {1.0: "currency|wahrung|devise|valuta"},
    VENDOR: {
        1.0: "seller|vendor|supplier|sold by|verkaufer|lieferant|vendeur|fournisseur|emetteur",
        0.6: "from|von|de la part de",
    },
    BUYER: {
        1.0: "bill to|billed to|invoice to|sold to|customer|buyer|kaufer|rechnungsempfanger|"
        "rechnungsadresse|acheteur|adresse de facturation|factuuradres|"
        "client|kunde|klant|attn",
        0.6: "to|an|a|destinataire|empfanger",
    },
}
# A total followed by one of these words is before tax or a part: worth less.
NET_WORDS = {
    "ht",
    "net",
    "netto",
    "subtotal",
    "excl",
    "excluding",
    "exclusive",
    "exclusief",
    "hors",
    "ohne",
    "zwischensumme",
    "before",
}
LEGAL_FORMS = re.compile(
    r"(?<!\w)(gmbh|ag|kg|b\.?v|n\.?v|ltd|limited|inc|llc|sarl|sas|s\.?a|bhd|corp|co|plc|se)(?!\w)",
    re.IGNORECASE,
)
MAX_LABEL_WORDS = 5
# How far a value may lie from its label, in fractions of the page (to its right
# on its line), and in lines (below it).
RIGHT_RANGE = 0.6
TOTAL_RIGHT_RANGE = 2.0  # totals are often printed at the far right of their label
LINES_BELOW = 5
TOP_OF_PAGE = 0.3


def _label_key(text: str) -> str:
    """How label words are compared: folded, letters and digits only (``Beleg-Nr.`` is
    ``belegnr``), so a label reads the same in one word or several."""
    return re.sub(r"[\W_]", "", fold(text))


_PHRASES: dict[str, list[tuple[str, float]]] = {}
for _role, _by_weight in LABELS.items():
    for _weight, _phrases in _by_weight.items():
        for _phrase in _phrases.split("|"):
            _PHRASES.setdefault(_label_key(_phrase), []).append((_role, _weight))


def role_of(field_name: str) -> str | None:
    """The invoice field a field's name stands for (``…/InvoiceDate`` is ``date``), or None."""
    return ROLES.get(re.sub(r"[^a-z]", "", fold(field_name.rsplit("/", 1)[-1])))


def kind_of_field(field_name: str) -> str | None:
    """The kind of value an invoice field holds (see :func:`role_of`), or None."""
    return ROLE_KINDS.get(role_of(field_name) or "")


@dataclass(frozen=True)
class _Label:
    role: str
    weight: float
    words: tuple[Word, ...]

    @property
    def x1(self) -> float:
        return self.words[0].x1

    @property
    def x2(self) -> float:
        return self.words[-1].x2

    @property
    def y1(self) -> float:
        return min(w.y1 for w in self.words)

    @property
    def y2(self) -> float:
        return max(w.y2 for w in self.words)


def _labels(sheet: Sheet) -> list[_Label]:
    """Every label phrase on the page; a longer phrase wins over the words it holds."""
    labels = []
    for line in sheet.lines:
        start = 0
        while start < len(line):
            found, key = None, ""
            for end in range(start, min(start + MAX_LABEL_WORDS, len(line))):
                key += _label_key(line[end].text)
                if key in _PHRASES:
                    found = end
            if found is None:
                start += 1
                continue
            following = _label_key(line[found + 1].text) if found + 1 < len(line) else ""
            words = tuple(line[start : found + 1])
            for role, weight in _PHRASES["".join(_label_key(w.text) for w in words)]:
                net = role == TOTAL and following in NET_WORDS
                labels.append(_Label(role, weight / 2 if net else weight, words))
            start = found + 1
    return labels


def _label_score(label: _Label, value: Value, page_width: float) -> float:
    """How well ``label`` names ``value``: to its left on its line, or above it in its
    column (a total's column may hold several rows of amounts before it)."""
    first, last, height = value.words[0], value.words[-1], value.words[0].height
    if label.y2 > first.y1 + 0.5 * height and label.y1 < first.y2 - 0.5 * height:
        gap = (first.x1 - label.x2) / page_width
        reach = TOTAL_RIGHT_RANGE if label.role == TOTAL else RIGHT_RANGE
        return label.weight * (1 - gap / reach) if 0 <= gap < reach else 0.0
    lines_down = (first.y1 - label.y2) / max(height, 1.0)
    aligned = first.x1 < label.x2 + 2 * height and last.x2 > label.x1 - 2 * height
    if not aligned or not 0 <= lines_down <= LINES_BELOW:
        return 0.0
    if label.role == TOTAL:  # the lowest of the column's amounts: see _prior
        return 0.5 * label.weight
    return 0.9 * label.weight * (1 - lines_down / (2 * LINES_BELOW))


def _is_other_kind(value: Value) -> bool:
    """A code that reads as a date or an amount with decimals is not an identifier."""
    words = list(value.words)
    return value_at(words, 0, DATE) is not None or value_at(words, 0, AMOUNT) is not None


def _candidates(sheet: Sheet, role: str, labels: Sequence[_Label]) -> list[Value]:
    """The page's values of the role's kind; a name starts a column's text or follows
    its label, and holds no label word."""
    found = sheet.values(ROLE_KINDS[role])
    if role == NUMBER:
        found = [v for v in found if not _is_other_kind(v)]
    if ROLE_KINDS[role] == TEXT:
        label_words = {w for label in labels for w in label.words}
        starts = _starts(sheet, labels)
        found = [
            v
            for v in found
            if v.words[0] in starts and _is_name(v) and not label_words.intersection(v.words)
        ]
    return found


def _starts(sheet: Sheet, labels: Sequence[_Label]) -> set[Word]:
    """The words that start a column's text on their line, or follow a label."""
    label_ends = {label.words[-1] for label in labels}
    following = {
        word
        for line in sheet.lines
        for before, word in zip(line, line[1:], strict=False)
        if before in label_ends
    }
    return sheet.column_starts | following


def _is_name(value: Value) -> bool:
    """Mostly letters: a name, not a number with a word before it."""
    letters = sum(c.isalpha() for c in value.text)
    return letters >= 2 * sum(c.isdigit() for c in value.text)


def _prior(role: str, value: Value, sheet: Sheet) -> float:
    """What a value is worth without a label: the lower, larger amount for a total; the
    company at the top of the page for a vendor."""
    page = sheet.page
    top = value.words[0].y1 / page.height
    if role == TOTAL:
        return 0.1 * top
    if role == VENDOR and top < TOP_OF_PAGE:
        tallest = max(w.height for w in page.words)
        named = 0.3 if LEGAL_FORMS.search(value.text) else 0.0
        return named + 0.3 * value.words[0].height / tallest - 0.2 * top
    if role in (ISSUED, NUMBER):
        return 0.1 * (1 - top)
    return 0.0


def _best(sheet: Sheet, role: str, labels: Sequence[_Label]) -> tuple[float, float, Value] | None:
    """The best value for ``role`` on one page: (score, margin, value), or None."""
    own = [label for label in labels if label.role == role]
    scored = []
    for value in _candidates(sheet, role, labels):
        label = max((_label_score(lab, value, sheet.page.width) for lab in own), default=0.0)
        if label == 0 and role not in (VENDOR, ISSUED):
            continue
        scored.append((label + _prior(role, value, sheet), value))
    if not scored:
        return None
    if role == TOTAL:
        scored = [(s + 0.02 * _rank(v, scored), v) for s, v in scored]
    scored.sort(key=lambda item: -item[0])
    score, value = scored[0]
    other = next((s for s, v in scored[1:] if v.text != value.text), 0.0)
    return score, score - other, value


def _rank(value: Value, scored: Sequence[tuple[float, Value]]) -> int:
    """How many of the scored amounts are smaller than ``value``."""
    own = amount_number(value.text) or 0.0
    return sum((amount_number(v.text) or 0.0) < own for _s, v in scored)


def _currency(sheets: Sequence[Sheet], labels: dict[int, list[_Label]]) -> Extraction:
    """The currency printed with the total or beside a currency label; else the one
    printed most often (with less confidence)."""
    total = _find(TOTAL, sheets, labels)
    seen: list[tuple[str, int, Word]] = []
    for sheet in sheets:
        for line in sheet.lines:
            for index, word in enumerate(line):
                code = currency_of(word.text) or _symbol_currency(word.text)
                if code is None:
                    continue
                page = sheet.page.number
                beside_total = any(
                    r.page == page and abs(r.y1 - word.y1) < word.height for r in total.rectangles
                )
                after_label = any(
                    label.role == CURRENCY and label.words[-1] in line[max(0, index - 2) : index]
                    for label in labels[sheet.page.number]
                )
                if beside_total or after_label:
                    return _extraction(code, page, [word], 1.0, 1.0, typed=True)
                seen.append((code, page, word))
    if not seen:
        return NOT_FOUND
    codes = [code for code, _page, _word in seen]
    code = max(codes, key=codes.count)
    share = codes.count(code) / len(codes)
    page, word = next((p, w) for c, p, w in seen if c == code)
    return _extraction(code, page, [word], 0.5, share - 0.5, typed=True)


def _symbol_currency(text: str) -> str | None:
    """The currency of a symbol printed inside an amount's word (``$4.11``)."""
    return next((currency_of(c) for c in text if currency_of(c) and not c.isalnum()), None)


def _find(role: str, sheets: Sequence[Sheet], labels: dict[int, list[_Label]]) -> Extraction:
    best = None
    for sheet in sheets:
        found = _best(sheet, role, labels[sheet.page.number])
        if found is not None and (best is None or found[0] > best[1][0]):
            best = (sheet.page.number, found)
    if best is None:
        return NOT_FOUND
    page_number, (score, margin, value) = best
    typed = ROLE_KINDS[role] != TEXT
    return _extraction(value.text, page_number, value.words, min(score, 1.0), margin, typed=typed)


def _extraction(
    value: str, page: int, words: Sequence[Word], label: float, margin: float, *, typed: bool
) -> Extraction:
    """The value with its evidence; ``typed``: a date, an amount, a code or a currency,
    whose kind says more than a name's label when it is surely read."""
    evidence = (label, margin, typed * capture_confidence.reading(read_of(words)))
    return Extraction(
        value=value,
        rectangles=[bounds(page, words)],
        confidence=capture_confidence.confidence(capture_confidence.DEFAULT, evidence),
        finder=capture_confidence.DEFAULT,
        evidence=evidence,
    )


def find(field_names: Sequence[str], sheets: Sequence[Sheet]) -> dict[str, Extraction]:
    """The invoice fields among ``field_names`` (by :func:`role_of`), each from the
    invoice's pages; the other names are left out."""
    roles = {name: role for name in field_names if (role := role_of(name)) is not None}
    labels = {sheet.page.number: _labels(sheet) for sheet in sheets} if roles else {}
    return {
        name: _currency(sheets, labels) if role == CURRENCY else _find(role, sheets, labels)
        for name, role in roles.items()
    }
