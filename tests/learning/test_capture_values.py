"""A value ends where its kind ends, without the symbols printed around it."""

import pytest

from tests.learning.capture_pages import line
from trainer.learning.capture_values import (
    AMOUNT,
    CODE,
    DATE,
    TEXT,
    amount_number,
    kind_of,
    value_at,
)


@pytest.mark.parametrize(
    ("texts", "kind", "value"),
    [
        (("571,04", "€"), AMOUNT, "571,04"),
        (("=", "9.90"), AMOUNT, "9.90"),
        (("$4.11",), AMOUNT, "4.11"),
        (("-233,47", "Total"), AMOUNT, "-233,47"),
        (("#", "RE-2014-17", "Page", "1"), CODE, "RE-2014-17"),
        (("n°562044387", "du"), CODE, "562044387"),
        (("05.03.2018", "18:24"), DATE, "05.03.2018"),
        (("19", "april", "2014", "Ordernummer"), DATE, "19 april 2014"),
        (("August", "3", ",", "2014", "$4.11"), DATE, "August 3 , 2014"),
        (("Coolblue", "B.V.", "Weena"), TEXT, "Coolblue B.V. Weena"),
    ],
)
def test_a_value_stops_where_its_kind_ends(texts, kind, value):
    words = line(100, *texts)
    start = 1 if texts[0] in {"=", "#"} else 0

    assert value_at(words, start, kind).text == value


def test_a_name_stops_at_the_gap_before_the_next_column():
    words = line(100, "Globex", "Corp") + line(100, "Page", "1", x=600)

    assert value_at(words, 0, TEXT).text == "Globex Corp"


def test_a_whole_number_without_a_currency_is_no_amount():
    assert value_at(line(100, "2014"), 0, AMOUNT) is None


def test_amounts_read_as_numbers_whichever_the_decimal_mark():
    assert [amount_number(t) for t in ("1.234,56", "1,234.56", "-233,47", "Rs")] == [
        1234.56,
        1234.56,
        -233.47,
        None,
    ]


@pytest.mark.parametrize(
    ("texts", "kind"),
    [
        (("12.03.2024",), (DATE, None)),
        (("EUR", "1,234.56"), (AMOUNT, "before")),
        (("571,04", "€"), (AMOUNT, "after")),
        (("4.11",), (AMOUNT, None)),
        (("42183017",), (CODE, None)),
        (("ACME", "GmbH"), (TEXT, None)),
    ],
)
def test_a_trained_value_is_known_by_its_kind(texts, kind):
    assert kind_of(line(100, *texts)) == kind


@pytest.mark.parametrize(
    ("texts", "kind", "value"),
    [
        (("O5", "Mar", "2018", "18:24"), DATE, "05 Mar 2018"),
        (("O7/01/18",), DATE, "07/01/18"),
        (("$8.6O",), AMOUNT, "8.60"),
        (("1l,50", "EUR"), AMOUNT, "11,50"),
    ],
)
def test_letters_misread_for_digits_in_a_date_or_an_amount_are_read_as_digits(texts, kind, value):
    assert value_at(line(100, *texts), 0, kind).text == value


def test_a_code_keeps_its_letters_beside_digits():
    assert value_at(line(100, "FO-2O17"), 0, CODE).text == "FO-2O17"
