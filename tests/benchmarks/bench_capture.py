"""Capture accuracy after k = 0, 1, 2 trained documents of one layout, seconds per page,
and how often a wrong value comes with a confidence above the verification threshold.

Not a test: run it with ``make bench-capture``. Two sources:

- generated invoices of one layout with varying values (fpdf2, see
  ``tests/captureapi/invoices.py``: shifted pages, moving totals, names of one to
  four words);
- the real development documents in ``../shared/data/capture/`` (see its README;
  skipped when the folder is absent): ZUGFeRD and generic invoices (PDF text
  layer) and scanned receipts (Tesseract OCR). Each folder's ``layouts.json``
  groups documents by layout: for k >= 1 the model learns k documents of a layout
  (each in turn) and is tested on the others of that layout, so k = 2 uses every
  layout of three documents or more; each table is followed by what each layout
  gave at each k (how many documents tested, fields right).

Pages are read as the capture service reads them (pypdfium2 at 150 dpi and the
PDF's text layer; images through Tesseract), each document once; seconds per
page are that reading plus the extraction. A field counts as right when it means
the same as the truth: amounts as numbers, dates as days (either order of day and
month), other text by its letters and digits, case-folded (``NO. 1,`` is ``NO.1``). Trained
rectangles are where a person would draw them: around the truth's words on the
page (fields whose truth is not printed are not trained).

``--calibrate`` fits the confidence coefficients of
``trainer/learning/capture_confidence.py`` (logistic regression, see ``_Fit``), scoring each
layout's fields with a fit that left that layout out, and prints the
coefficients fitted on everything; then, per source, what a threshold of its own would
give, each layout's chosen on the other layouts' held-out confidences only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import difflib
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.captureapi.invoices import invoice
from trainer.captureapi.documents import image_pages, pdf_pages
from trainer.learning import capture, capture_confidence
from trainer.learning.capture_pages import bounds, lines_of
from trainer.learning.capture_values import MONTHS, amount_number, fold

DPI = 150
MAX_PAGES = 10
TESSERACT = "tesseract"
LANGUAGES = "eng"  # the scanned receipts are printed in English (the document type's setting)
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "capture"
GENERATED_DOCUMENTS = 30
TRAINED = (0, 1, 2)
LONGEST_VALUE = 8  # words, on one line
# --calibrate: a document type's own threshold lets at most this share of fields be
# wrong and sure, on held-out layouts; chosen among these.
TYPE_TARGET = 0.01
THRESHOLDS = [round(0.5 + 0.01 * i, 2) for i in range(51)]
INVOICE = "Root/Invoice Layout/"
RECEIPT = "Root/Receipt/"
# The truth's keys in each folder and the field names the capture is asked for.
FOLDERS = {
    "invoices-zugferd": {
        "number": INVOICE + "InvoiceNumber",
        "date": INVOICE + "InvoiceDate",
        "total": INVOICE + "Total",
        "buyer": INVOICE + "Customer",
    },
    "invoices-generic": {
        "number": INVOICE + "InvoiceNumber",
        "date": INVOICE + "InvoiceDate",
        "total": INVOICE + "Total",
        "issuer": INVOICE + "Vendor",
        "currency": INVOICE + "Currency",
    },
    "receipts": {
        "company": RECEIPT + "Vendor",
        "date": RECEIPT + "Date",
        "address": RECEIPT + "Address",
        "total": RECEIPT + "Total",
    },
}


@dataclass(frozen=True)
class Document:
    source: str  # its folder, or "generated"
    name: str
    layout: str
    pages: list[capture.Page]
    truth: dict[str, str]  # field name: value
    read_seconds: float
    # Where a person drew each field, when known; else where the truth is printed.
    drawn: dict[str, list[capture.Rectangle]] | None = None


@dataclass(frozen=True)
class Outcome:
    source: str
    layout: str
    k: int
    field: str
    right: bool
    extraction: capture.Extraction


# -- comparing --------------------------------------------------------------------------


def _dates(text: str) -> set[datetime.date]:
    """Every day ``text`` may mean (day and month either way round)."""
    text = fold(text).replace(",", " ")
    found: set[datetime.date] = set()
    if numeric := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip()):
        year, month, day = map(int, numeric.groups())
        orders = [(day, month)]
    elif numeric := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", text.strip()):
        first, second, year = map(int, numeric.groups())
        orders = [(first, second), (second, first)]
    else:
        words = re.findall(r"[^\W\d]+|\d+", text)
        months = [MONTHS[w] for w in words if w in MONTHS]
        numbers = [int(w) for w in words if w.isdigit()]
        if len(months) != 1 or len(numbers) != 2:
            return found
        day, year = sorted(numbers)
        orders = [(day, months[0])]
    year += 2000 if year < 100 else 0
    for day, month in orders:
        with contextlib.suppress(ValueError):
            found.add(datetime.date(year, month, day))
    return found


def _plain(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def same(field: str, found: str, truth: str) -> bool:
    """Whether ``found`` means ``truth`` for ``field``."""
    if not found:
        return False
    if field.endswith("Total"):
        number = amount_number(found.split()[-1] if found.split() else found)
        if number is None:
            number = amount_number(found.split()[0])
        return number is not None and abs(number - float(amount_number(truth) or 0)) < 0.005
    if field.endswith("Date") and _dates(truth):
        return bool(_dates(found) & _dates(truth))
    return _plain(found) == _plain(truth)


def _alike(found: str, truth: str) -> float:
    return difflib.SequenceMatcher(None, _plain(found), _plain(truth)).ratio()


def locate(page: capture.Page, field: str, truth: str) -> capture.Rectangle | None:
    """Where a person would draw ``truth``: around the fewest words that print it (on
    one line, or on lines one below the other; the first place it is printed, the last
    for a total), or None when it is not printed."""
    lines = lines_of(page.words)
    spans = [
        line[start : start + count]
        for line in lines
        for start in range(len(line))
        for count in range(1, LONGEST_VALUE + 1)
        if start + count <= len(line)
    ]
    spans += [
        [w for line in lines[start : start + count] for w in line]
        for start in range(len(lines))
        for count in range(2, 5)
    ]
    if field.endswith("Total"):  # the grand total is printed under the others
        spans.reverse()
    best, best_alike = None, 0.0
    for span in spans:
        text = capture.text_of(span)
        alike = 2.0 - len(span) / 100 if same(field, text, truth) else _alike(text, truth)
        if alike > best_alike and alike >= 0.9:
            best, best_alike = span, alike
    if best is None:
        return None
    r = bounds(page.number, best)
    return capture.Rectangle(page.number, r.x1 - 2, r.y1 - 2, r.x2 + 2, r.y2 + 2)


# -- reading ----------------------------------------------------------------------------


def _read(path: Path) -> tuple[list[capture.Page], float]:
    started = time.perf_counter()
    data = path.read_bytes()
    if path.suffix == ".pdf":
        rendered = pdf_pages(data, dpi=DPI, max_pages=MAX_PAGES)
    else:
        rendered = image_pages(
            data, dpi=DPI, max_pages=MAX_PAGES, tesseract_cmd=TESSERACT, languages=LANGUAGES
        )
    pages = [capture.Page(p.number, p.width, p.height, p.words) for p in rendered]
    return pages, time.perf_counter() - started


def read_folder(name: str) -> list[Document]:
    """The documents of one folder of the development data, read."""
    folder = DATA / name
    layouts = json.loads((folder / "layouts.json").read_text())
    if (folder / "truth.json").exists():
        truths = json.loads((folder / "truth.json").read_text())
    else:  # receipts: one NNN.json beside each NNN.jpg
        truths = {
            f"{stem}.jpg": json.loads((folder / f"{stem}.json").read_text())
            for files in layouts.values()
            for stem in files
        }
    documents = []
    for layout, files in layouts.items():
        for file in files:
            file = file if "." in file else f"{file}.jpg"
            pages, seconds = _read(folder / file)
            truth = {field: str(truths[file][key]) for key, field in FOLDERS[name].items()}
            documents.append(Document(name, file, layout, pages, truth, seconds))
    return documents


def _generated() -> list[Document]:
    documents = []
    for seed in range(GENERATED_DOCUMENTS):
        document = invoice(seed)
        started = time.perf_counter()
        pages = [
            capture.Page(p.number, p.width, p.height, p.words)
            for p in pdf_pages(document.pdf, dpi=DPI, max_pages=MAX_PAGES)
        ]
        seconds = time.perf_counter() - started
        drawn = document.rectangles(dpi=DPI)
        documents.append(
            Document("generated", str(seed), "generated", pages, document.values, seconds, drawn)
        )
    return documents


# -- measuring --------------------------------------------------------------------------


def _example(document: Document) -> dict:
    if document.drawn is not None:
        return capture.example_learn(document.pages, document.drawn)
    rectangles = {}
    for field, truth in document.truth.items():
        for page in document.pages:
            if (rectangle := locate(page, field, truth)) is not None:
                rectangles[field] = [rectangle]
                break
    return capture.example_learn(document.pages, rectangles)


def _rounds(documents: Sequence[Document], k: int) -> Iterator[tuple[list[Document], list]]:
    """(trained, tested) for each layout with more than k documents: each document in
    turn starts the k trained ones, the others are tested."""
    layouts = defaultdict(list)
    for document in documents:
        layouts[document.layout].append(document)
    for group in layouts.values():
        if len(group) <= k:
            continue
        starts = range(len(group)) if k else [0]
        for start in starts:
            trained = [group[(start + i) % len(group)] for i in range(k)]
            yield trained, [d for d in group if d not in trained]


def measure(documents: Sequence[Document], k: int) -> tuple[list[Outcome], list[float]]:
    """Every tested field after k trained documents, and the seconds per page."""
    outcomes, seconds = [], []
    examples = {}
    for trained, tested in _rounds(documents, k):
        model = None
        for document in trained:
            if document.name not in examples:
                examples[document.name] = _example(document)
            model = capture.model_add(model, key=document.name, example=examples[document.name])
        for document in tested:
            started = time.perf_counter()
            found = capture.extract(
                model, document.pages, list(document.truth), document_type="invoices"
            )
            took = time.perf_counter() - started + document.read_seconds
            seconds.append(took / len(document.pages))
            for field, truth in document.truth.items():
                right = same(field, found[field].value, truth)
                outcomes.append(
                    Outcome(document.source, document.layout, k, field, right, found[field])
                )
    return outcomes, seconds


def _wrong_and_sure(
    outcomes: Sequence[Outcome],
    confidences: Sequence[float],
    threshold: float = capture_confidence.UNSURE_BELOW,
) -> float:
    wrong = sum(not o.right and c >= threshold for o, c in zip(outcomes, confidences, strict=True))
    return wrong / len(outcomes) if outcomes else 0.0


def _unsure(
    outcomes: Sequence[Outcome],
    confidences: Sequence[float],
    threshold: float = capture_confidence.UNSURE_BELOW,
) -> float:
    return sum(c < threshold for c in confidences) / len(outcomes) if outcomes else 0.0


def _share_right(outcomes: Sequence[Outcome]) -> str:
    return f"{sum(o.right for o in outcomes) / len(outcomes):.1%}" if outcomes else "-"


def report(title: str, documents: Sequence[Document]) -> list[Outcome]:
    """Print the figures of one source, and return every outcome. ``alike`` is ``all`` on
    the layouts tested at every k only (those with more than ``max(TRAINED)``
    documents): ``all`` at one k and at another may come from other layouts."""
    fields = list(documents[0].truth)
    short = {name: name.rsplit("/", 1)[-1][:11] for name in fields}
    sizes = Counter(document.layout for document in documents)
    every_k = {layout for layout, size in sizes.items() if size > max(TRAINED)}
    print(f"\n{title} ({len(documents)} documents)")
    print(
        f"{'k':>2}  {'tests':>5}  "
        + "  ".join(f"{short[n]:>11}" for n in fields)
        + f"  {'all':>6}  {'alike':>6}  {'s/page':>6}  {'sure&wrong':>10}  {'unsure':>6}"
    )
    everything = []
    for k in TRAINED:
        outcomes, seconds = measure(documents, k)
        if not outcomes:
            print(f"{k:>2}  no layout has more than {k} documents")
            continue
        everything += outcomes
        by_field = defaultdict(list)
        for outcome in outcomes:
            by_field[outcome.field].append(outcome.right)
        right = sum(o.right for o in outcomes) / len(outcomes)
        confidences = [o.extraction.confidence for o in outcomes]
        print(
            f"{k:>2}  {len(outcomes) // len(fields):>5}  "
            + "  ".join(f"{statistics.mean(by_field[n]):>11.0%}" for n in fields)
            + f"  {right:>6.1%}"
            + f"  {_share_right([o for o in outcomes if o.layout in every_k]):>6}"
            + f"  {statistics.mean(seconds):>6.3f}"
            + f"  {_wrong_and_sure(outcomes, confidences):>10.1%}"
            + f"  {_unsure(outcomes, confidences):>6.0%}"
        )
    _per_layout(sizes, everything, len(fields))
    return everything


def _per_layout(sizes: Counter, outcomes: Sequence[Outcome], fields: int) -> None:
    """Print, per layout, its documents and the documents tested at each k (a layout
    with k documents or fewer is not tested at k), with the share of fields right."""
    print("  per layout: documents; at each k, documents tested and fields right")
    for layout, size in sizes.most_common():
        cells = []
        for k in TRAINED:
            mine = [o for o in outcomes if o.layout == layout and o.k == k]
            tests = f"{len(mine) // fields} tested, {_share_right(mine)}" if mine else "-"
            cells.append(f"k={k}: {tests:<15}")
        print(f"  {layout[:24]:<24} {size:>2}  " + "  ".join(cells))


def summary(title: str, outcomes: Sequence[Outcome]) -> None:
    """Print the share of fields right at each k over several sources, and of fields
    wrong with a confidence at or above the threshold."""
    print(f"\n{title}: fields right at k = {', '.join(map(str, TRAINED))}; sure&wrong")
    for k in TRAINED:
        mine = [o for o in outcomes if o.k == k]
        confidences = [o.extraction.confidence for o in mine]
        print(
            f"{k:>2}  {len(mine):>5} fields  {_share_right(mine):>6}"
            f"  {_wrong_and_sure(mine, confidences):>6.1%}"
        )


# -- calibrating ------------------------------------------------------------------------


class _Fit:
    """A logistic regression of rightness on the evidence whose coefficients are not
    negative (more evidence never makes a value less sure), each layout weighing as
    much as any other (the generated layout has hundreds of fields, a real one a
    handful), with a little L2 regularisation."""

    def __init__(self, outcomes: Sequence[Outcome]) -> None:
        from scipy.optimize import minimize

        counts = Counter(o.layout for o in outcomes)
        weights = np.array([len(outcomes) / (len(counts) * counts[o.layout]) for o in outcomes])
        x = np.array([(1.0, *o.extraction.evidence) for o in outcomes])
        y = np.array([o.right for o in outcomes], dtype=float)

        def loss(beta: np.ndarray) -> float:
            z = x @ beta
            log_loss = np.logaddexp(0, z) - y * z
            return float(weights @ log_loss / len(y) + 0.01 * beta[1:] @ beta[1:])

        bounds = [(None, None)] + [(0, None)] * (x.shape[1] - 1)
        self.coefficients = minimize(loss, np.zeros(x.shape[1]), bounds=bounds).x

    def probabilities(self, outcomes: Sequence[Outcome]) -> np.ndarray:
        x = np.array([(1.0, *o.extraction.evidence) for o in outcomes])
        return 1 / (1 + np.exp(-(x @ self.coefficients)))


def calibrate(outcomes: Sequence[Outcome]) -> None:
    """Fit each finder's coefficients; print them, and how the confidence does on each
    layout when fitted without that layout: of all fields (those not found have no
    finder and a confidence of 0), those wrong and sure, and those sent to a person."""
    held_out: list[tuple[Outcome, float]] = [
        (o, 0.0) for o in outcomes if o.extraction.finder not in capture_confidence.FEATURES
    ]
    for finder in capture_confidence.FEATURES:
        own = [o for o in outcomes if o.extraction.finder == finder]
        for layout in sorted({o.layout for o in own}):
            train = [o for o in own if o.layout != layout]
            if len({o.right for o in train}) < 2:
                continue
            tested = [o for o in own if o.layout == layout]
            held_out += zip(tested, _Fit(train).probabilities(tested), strict=True)
        coefficients = _Fit(own).coefficients
        print(f"\n{finder}: ({', '.join(f'{c:.2f}' for c in coefficients)})")
    threshold = capture_confidence.UNSURE_BELOW
    print(f"\nheld out by layout, confidence >= {threshold} counts as sure:")
    print(
        f"{'source':>18}  {'fields':>6}  {'right':>6}  {'sure&wrong':>10}  {'unsure':>6}"
        f"  {'sure of right':>13}"
    )
    for source in dict.fromkeys(o.source for o in outcomes):
        mine = [(o, p) for o, p in held_out if o.source == source]
        right = [p for o, p in mine if o.right]
        print(
            f"{source:>18}  {len(mine):>6}  {len(right) / len(mine):>6.0%}"
            f"  {_wrong_and_sure(*zip(*mine, strict=True)):>10.1%}"
            f"  {_unsure(*zip(*mine, strict=True)):>6.0%}"
            f"  {sum(p >= threshold for p in right) / max(1, len(right)):>13.0%}"
        )
    _type_thresholds(held_out)


def _type_thresholds(held_out: Sequence[tuple[Outcome, float]]) -> None:
    """Print what a threshold of a source's own (a document type's) would give: for
    each of its layouts, the lowest threshold at which at most :data:`TYPE_TARGET` of
    the other layouts' fields are wrong and sure (their held-out confidences), measured
    on that layout; no threshold is chosen on the fields it is measured on."""
    print(
        "\na threshold per source, chosen for each layout on the others"
        f" (at most {TYPE_TARGET:.0%} sure&wrong there):"
    )
    print(f"{'source':>18}  {'thresholds':>10}  {'sure&wrong':>10}  {'unsure':>6}")
    for source in dict.fromkeys(o.source for o, _p in held_out):
        mine = [(o, p) for o, p in held_out if o.source == source]
        layouts = sorted({o.layout for o, _p in mine})
        if len(layouts) < 2:
            continue
        chosen, judged = [], []
        for layout in layouts:
            others = list(zip(*[(o, p) for o, p in mine if o.layout != layout], strict=True))
            threshold = min(t for t in THRESHOLDS if _wrong_and_sure(*others, t) <= TYPE_TARGET)
            chosen.append(threshold)
            judged += [(o, p, threshold) for o, p in mine if o.layout == layout]
        print(
            f"{source:>18}  {min(chosen):>4.2f}–{max(chosen):<4.2f}"
            f"  {sum(not o.right and p >= t for o, p, t in judged) / len(judged):>10.1%}"
            f"  {sum(p < t for _o, p, t in judged) / len(judged):>6.0%}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="fit the confidence")
    arguments = parser.parse_args()
    print(
        "k: trained documents of the layout; tests: documents tested (each layout's in turn);"
        f" sure&wrong: wrong with confidence >= {capture_confidence.UNSURE_BELOW}"
        " (share of all fields); unsure: share below it; alike: all on the layouts"
        f" tested at every k (more than {max(TRAINED)} documents)"
    )
    outcomes = report("Generated invoices, one layout", _generated())
    if not DATA.is_dir():
        print(f"\n{DATA} is absent: the real documents are skipped.")
        return 0
    real = []
    for folder in FOLDERS:
        real += report(f"{folder}, real", read_folder(folder))
    summary("Text-layer PDFs, real", [o for o in real if o.source.startswith("invoices")])
    summary("Every real document", real)
    if arguments.calibrate:
        calibrate([*outcomes, *real])
    return 0


if __name__ == "__main__":
    sys.exit(main())
