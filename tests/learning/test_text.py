import pytest

from trainer.learning.text import normalize, tokenize


def test_german_tokens_keep_umlauts_and_sharp_s():
    assert tokenize("Die Straße in Köln ist GRÜN.", language="de") == [
        "die",
        "straße",
        "in",
        "köln",
        "ist",
        "grün",
    ]


def test_german_decomposed_umlauts_are_composed():
    decomposed = "Mu\u0308nchen"

    assert tokenize(decomposed, language="de") == ["münchen"]


def test_english_tokens_keep_inner_apostrophes_and_hyphens():
    assert tokenize("Don't re-send the E-Mail!", language="en") == [
        "don't",
        "re-send",
        "the",
        "e-mail",
    ]


def test_arabic_diacritics_and_tatweel_are_removed():
    with_marks = "كَتَبَ الطّالِبُ"
    with_tatweel = "كـــتب"

    assert tokenize(with_marks, language="ar") == ["كتب", "الطالب"]
    assert tokenize(with_tatweel, language="ar") == ["كتب"]


def test_arabic_alef_forms_are_unified():
    forms = ["أحمد", "إحمد", "آحمد", "ٱحمد"]

    assert {normalize(form, language="ar") for form in forms} == {"احمد"}


def test_arabic_text_keeps_latin_words_and_digits():
    assert tokenize("هاتف iPhone 15 جديد", language="ar") == ["هاتف", "iphone", "15", "جديد"]


@pytest.mark.parametrize("language", ["fr", "EN", "", "english"])
def test_unknown_language_is_refused(language):
    with pytest.raises(ValueError, match="unsupported language"):
        tokenize("bonjour", language=language)
