"""Invoice fields out of the box: found by label words in English, German and French."""

import pytest

from tests.learning.capture_pages import line, page
from trainer.learning.capture import extract

FIELDS = [
    "Root/Invoice Layout/InvoiceNumber",
    "Root/Invoice Layout/InvoiceDate",
    "Root/Invoice Layout/DueDate",
    "Root/Invoice Layout/Total",
    "Root/Invoice Layout/Currency",
    "Root/Invoice Layout/Vendor",
    "Root/Invoice Layout/Customer",
]
LANGUAGES = {
    "en": {
        "number": (("Invoice", "number:"), "INV-2024-0042"),
        "date": (("Invoice", "date:"), "03/02/2024"),
        "due": (("Due", "date:"), "03/03/2024"),
        "net": (("Subtotal",), "1,037.39"),
        "total": (("Total", "due"), "1,234.50"),
        "buyer": ("Bill", "to:"),
    },
    "de": {
        "number": (("Rechnungsnummer:",), "R-2024-17"),
        "date": (("Rechnungsdatum:",), "03.02.2024"),
        "due": (("Fällig", "am:"), "03.03.2024"),
        "net": (("Nettobetrag",), "1.037,39"),
        "total": (("Gesamtbetrag",), "1.234,50"),
        "buyer": ("Rechnungsempfänger:",),
    },
    "fr": {
        "number": (("Facture", "n°"), "FA-2024-3"),
        "date": (("Date", "de", "facture", ":"), "03/02/2024"),
        "due": (("Date", "d'échéance", ":"), "03/03/2024"),
        "net": (("Total", "HT"), "1037,39"),
        "total": (("Total", "TTC"), "1234,50"),
        "buyer": ("Client",),
    },
}


def _invoice(words: dict):
    """An invoice never trained: vendor at the top, labels left of their values, the
    buyer under its label, totals at the bottom with their currency."""
    return page(
        line(40, "Muster", "Handel", "GmbH", size=30),
        line(80, "Hauptstrasse", "1,", "10115", "Berlin", size=14),
        line(200, *words["number"][0], words["number"][1]),
        line(230, *words["date"][0], words["date"][1]),
        line(260, *words["due"][0], words["due"][1]),
        line(200, *words["buyer"], x=600),
        line(230, "Initech", "SARL", x=600),
        line(400, "Office", "chairs", "3", "1.037,39", x=100),
        line(900, *words["net"][0], words["net"][1], "EUR", x=550),
        line(940, *words["total"][0], words["total"][1], "EUR", x=550),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_untrained_invoice_gives_its_number_dates_and_total_by_their_labels(language):
    words = LANGUAGES[language]

    found = extract(None, [_invoice(words)], FIELDS, document_type="invoices")

    values = {name.rsplit("/", 1)[-1]: found[name].value for name in FIELDS}
    assert values["InvoiceNumber"] == words["number"][1]
    assert values["InvoiceDate"] == words["date"][1]
    assert values["DueDate"] == words["due"][1]
    assert values["Total"] == words["total"][1]


def test_an_untrained_invoice_gives_the_currency_printed_with_its_total():
    found = extract(None, [_invoice(LANGUAGES["en"])], FIELDS, document_type="invoices")

    assert found["Root/Invoice Layout/Currency"].value == "EUR"


def test_an_untrained_invoice_gives_the_company_at_its_top_as_vendor():
    found = extract(None, [_invoice(LANGUAGES["de"])], FIELDS, document_type="invoices")

    assert found["Root/Invoice Layout/Vendor"].value == "Muster Handel GmbH"


def test_an_untrained_invoice_gives_the_name_under_the_billing_label_as_buyer():
    found = extract(None, [_invoice(LANGUAGES["en"])], FIELDS, document_type="invoices")

    assert found["Root/Invoice Layout/Customer"].value == "Initech SARL"


def test_untrained_fields_carry_the_rectangle_of_their_value():
    invoice = _invoice(LANGUAGES["fr"])

    [rectangle] = extract(None, [invoice], FIELDS, document_type="invoices")[
        "Root/Invoice Layout/Total"
    ].rectangles

    [word] = [w for w in invoice.words if w.text == "1234,50"]
    assert (rectangle.x1, rectangle.y1, rectangle.x2, rectangle.y2) == (
        word.x1,
        word.y1,
        word.x2,
        word.y2,
    )


def test_other_document_types_find_nothing_before_training():
    found = extract(None, [_invoice(LANGUAGES["en"])], FIELDS, document_type="receipts")

    assert {extraction.value for extraction in found.values()} == {""}


def test_a_field_name_that_is_no_invoice_field_is_not_guessed():
    found = extract(None, [_invoice(LANGUAGES["en"])], ["Root/Notes"], document_type="invoices")

    assert found["Root/Notes"].value == ""


def test_a_total_at_the_far_right_of_its_label_beats_the_amounts_under_a_total_column():
    receipt = page(
        line(100, "Qty", "Description", "Total", x=100),
        line(140, "1", "Fried", "rice", x=100) + line(140, "20.00", x=300),
        line(180, "2", "Tea", x=100) + line(180, "45.70", x=300),
        line(260, "Total", "(Excluding", "GST):", x=100) + line(260, "62.00", x=900),
        line(300, "TOTAL:", x=100) + line(300, "65.70", x=900),
    )

    found = extract(None, [receipt], ["Root/Receipt/Total"], document_type="invoices")

    assert found["Root/Receipt/Total"].value == "65.70"
