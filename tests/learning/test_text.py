import pytest

from trainer.learning.text import normalize, tokens_with_offsets


def test_german_text_keeps_umlauts_and_sharp_s():
    assert (
        normalize("Die Straße in Köln ist GRÜN.", language="de") == "die straße in köln ist grün."
    )


def test_german_decomposed_umlauts_are_composed():
    assert normalize("Mu\u0308nchen", language="de") == "münchen"


def test_arabic_diacritics_and_tatweel_are_removed():
    assert normalize("كَتَبَ الطّالِبُ", language="ar") == "كتب الطالب"
    assert normalize("كـــتب", language="ar") == "كتب"


def test_arabic_alef_forms_are_unified():
    forms = ["أحمد", "إحمد", "آحمد", "ٱحمد"]

    assert {normalize(form, language="ar") for form in forms} == {"احمد"}


@pytest.mark.parametrize("language", ["fr", "EN", "", "english"])
def test_unknown_language_is_refused(language):
    with pytest.raises(ValueError, match="unsupported language"):
        normalize("bonjour", language=language)


def _pieces(text, language):
    return [(t.text, t.start, t.end) for t in tokens_with_offsets(text, language=language)]


def test_every_token_is_the_text_at_its_offsets():
    text = "Der Kundendienst in Mu\u0308nchen war unfreundlich, sagt sie."

    assert all(text[t.start : t.end] == t.text for t in tokens_with_offsets(text, language="de"))


def test_german_offsets_keep_compounds_umlauts_and_punctuation():
    assert _pieces("Die E-Mail-Adresse in Köln!", "de") == [
        ("Die", 0, 3),
        ("E-Mail-Adresse", 4, 18),
        ("in", 19, 21),
        ("Köln", 22, 26),
        ("!", 26, 27),
    ]


def test_arabic_offsets_split_the_conjunction_and_preposition_before_the_article():
    assert _pieces("والفندق رائع وبالحمام مشكلة", "ar") == [
        ("و", 0, 1),
        ("الفندق", 1, 7),
        ("رائع", 8, 12),
        ("و", 13, 14),
        ("ب", 14, 15),
        ("الحمام", 15, 21),
        ("مشكلة", 22, 27),
    ]


def test_arabic_offsets_keep_diacritics_and_tatweel_inside_the_word():
    text = "الطّالِبُ كـــتب"

    assert _pieces(text, "ar") == [("الطّالِبُ", 0, 9), ("كـــتب", 10, 16)]


def test_arabic_clitic_pieces_remember_their_whole_word():
    tokens = tokens_with_offsets("وبالحمام", language="ar")

    assert {t.word for t in tokens} == {"وبالحمام"}


def test_offsets_of_an_unknown_language_are_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        tokens_with_offsets("bonjour", language="fr")
