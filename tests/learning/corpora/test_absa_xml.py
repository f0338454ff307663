import pytest

from trainer.learning.corpora import Document, FormatError, Span, parse


def test_semeval2014_fixture_parses_aspect_terms_and_categories_with_polarity(corpus_file):
    documents = parse(corpus_file("semeval2014.xml"), format="semeval2014")

    assert documents == [
        Document(
            text="The pasta was great but the waiter ignored us.",
            classes=("food", "service"),
            spans=(Span(4, 9, "ASPECT", "positive"), Span(28, 34, "ASPECT", "negative")),
            class_labels=(("food", "positive"), ("service", "negative")),
        ),
        Document(
            text="We came back on a rainy Sunday.",
            classes=("anecdotes/miscellaneous",),
            class_labels=(("anecdotes/miscellaneous", "neutral"),),
        ),
        Document(
            text='Its "battery life" is short.',
            spans=(Span(4, 18, "ASPECT", "conflict"),),
        ),
    ]


def test_semeval2014_aspect_term_not_matching_the_text_names_the_sentence(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("semeval2014_bad_offsets.xml"), format="semeval2014")

    assert caught.value.location == "sentence id=202, aspectTerm 1"
    assert "'screen' does not match" in caught.value.message


def test_semeval2014_xml_not_well_formed_names_the_line(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("semeval2014_not_well_formed.xml"), format="semeval2014")

    assert caught.value.location == "line 4"
    assert "not well-formed" in caught.value.message


def test_semeval2014_sentence_without_text_is_refused():
    data = b'<sentences><sentence id="5"><aspectTerms/></sentence></sentences>'

    with pytest.raises(FormatError) as caught:
        parse(data, format="semeval2014")

    assert caught.value.location == "sentence id=5"


def test_semeval_xml_with_entity_declarations_is_refused():
    data = b'<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY a "aaaa">]>\n<sentences/>'

    with pytest.raises(FormatError, match="entity declarations") as caught:
        parse(data, format="semeval2014")

    assert caught.value.location == "line 2"


def test_semeval2014_with_another_root_is_refused():
    with pytest.raises(FormatError, match="expected <sentences>"):
        parse(b"<Reviews></Reviews>", format="semeval2014")


def test_semeval2016_fixture_keeps_real_targets_all_categories_and_targetless_polarity(
    corpus_file,
):
    documents = parse(corpus_file("semeval2016.xml"), format="semeval2016")

    assert documents == [
        Document(
            text="The room was spotless and the pool was cold.",
            classes=("ROOMS#CLEANLINESS", "FACILITIES#QUALITY", "HOTEL#GENERAL"),
            spans=(
                Span(4, 8, "ROOMS#CLEANLINESS", "positive"),
                Span(30, 34, "FACILITIES#QUALITY", "negative"),
            ),
            class_labels=(("HOTEL#GENERAL", "positive"),),
        ),
        Document(
            text="We would stay again.",
            classes=("HOTEL#GENERAL",),
            class_labels=(("HOTEL#GENERAL", "positive"),),
        ),
        Document(
            text="الفطور كان لذيذا جدا.",
            classes=("FOOD_DRINKS#QUALITY",),
            spans=(Span(0, 6, "FOOD_DRINKS#QUALITY", "positive"),),
        ),
        Document(text="Checked in at noon."),
    ]


def test_semeval2016_target_not_matching_the_text_names_the_opinion(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("semeval2016_bad_target.xml"), format="semeval2016")

    assert caught.value.location == "sentence id=9:1, Opinion 1"
    assert "'Parking' does not match" in caught.value.message


def test_germeval2017_fixture_corrects_shifted_offsets_and_uses_categories(corpus_file):
    documents = parse(corpus_file("germeval2017.xml"), format="germeval2017")

    text = "Der Zug kam wieder zu spät, und das WLAN im Zug war auch kaputt."
    assert documents == [
        Document(
            text=text,
            classes=(
                "Zugfahrt#Verspätung",
                "Sonstige_Unregelmässigkeiten#Haupt",
                "Allgemein#Haupt",
            ),
            spans=(
                Span(4, 7, "Zugfahrt#Verspätung", "negative"),
                Span(36, 40, "Sonstige_Unregelmässigkeiten#Haupt", "negative"),
            ),
            class_labels=(("Allgemein#Haupt", "negative"),),
        ),
        Document(text="Heute regnet es in Köln."),
        Document(
            text="Die Schaffnerin war sehr freundlich.",
            classes=("Service#Personal",),
            spans=(Span(4, 15, "Service#Personal", "positive"),),
        ),
    ]
    assert text[36:40] == "WLAN"


def test_germeval2017_target_missing_from_the_text_names_the_document(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("germeval2017_bad_target.xml"), format="germeval2017")

    assert caught.value.location == "Document id=http://example.org/post/9, Opinion 1"
    assert "'Fahrkarte' does not occur" in caught.value.message
