"""The importers' data as the vendor's documents of each model type, or a FormatError
naming the line or element whose data does not fit the type."""

import pytest

from trainer.learning.corpora import FormatError, parse_typed
from trainer.learning.documents import Segment, Tag

SEMEVAL2014 = "The pasta was great but the waiter ignored us."
SEMEVAL2016 = "The room was spotless and the pool was cold."


def test_a_csv_label_column_gives_label_documents():
    data = b"text,label\nGreat film.,positive\nDull.,negative\n"

    documents = parse_typed(data, model_type="LABEL", format="csv")

    assert [d.to_json()["segments"] for d in documents] == [
        [{"text": "Great film.", "span": [0, 11], "tags": [{"label": "positive"}]}],
        [{"text": "Dull.", "span": [0, 5], "tags": [{"label": "negative"}]}],
    ]


def test_a_label_document_with_two_labels_is_refused_naming_its_line(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse_typed(corpus_file("documents.csv"), model_type="LABEL", format="csv")

    assert caught.value.location == "line 2"
    assert "exactly one label; this one has 2 (hardware, complaint)" in caught.value.message


def test_csv_labels_give_class_documents_and_no_label_no_segment(corpus_file):
    documents = parse_typed(corpus_file("documents.csv"), model_type="CLASS", format="csv")

    assert [d.segments for d in documents[:3]] == [
        (Segment(0, 38, (Tag("hardware"), Tag("complaint"))),),
        (Segment(0, 27, (Tag("account"),)),),
        (),
    ]


def test_semeval2014_categories_with_polarity_give_classlabel_documents(corpus_file):
    documents = parse_typed(
        corpus_file("semeval2014.xml"), model_type="CLASSLABEL", format="semeval2014"
    )

    assert documents[0].segments == (
        Segment(0, len(SEMEVAL2014), (Tag("food", "positive"), Tag("service", "negative"))),
    )


def test_semeval2014_gives_absa_its_categories_on_the_whole_sentence_not_its_terms(corpus_file):
    documents = parse_typed(corpus_file("semeval2014.xml"), model_type="ABSA", format="semeval2014")

    assert documents[0].segments == (
        Segment(0, len(SEMEVAL2014), (Tag("food", "positive"), Tag("service", "negative"))),
    )
    assert documents[2].segments == ()  # an aspect term names no category


def test_semeval2016_targets_give_absa_segments_and_targetless_opinions_the_whole_text(
    corpus_file,
):
    documents = parse_typed(corpus_file("semeval2016.xml"), model_type="ABSA", format="semeval2016")

    assert documents[0].segments == (
        Segment(0, len(SEMEVAL2016), (Tag("HOTEL#GENERAL", "positive"),)),
        Segment(4, 8, (Tag("ROOMS#CLEANLINESS", "positive"),)),
        Segment(30, 34, (Tag("FACILITIES#QUALITY", "negative"),)),
    )
    assert documents[0].to_json()["segments"][1] == {
        "text": "room",
        "span": [4, 8],
        "tags": [{"class": "ROOMS#CLEANLINESS", "label": "positive"}],
    }


def test_germeval_opinions_give_classlabel_documents(corpus_file):
    documents = parse_typed(
        corpus_file("germeval2017.xml"), model_type="CLASSLABEL", format="germeval2017"
    )

    assert documents[0].segments[0].tags == (
        Tag("Zugfahrt#Verspätung", "negative"),
        Tag("Sonstige_Unregelmässigkeiten#Haupt", "negative"),
        Tag("Allgemein#Haupt", "negative"),
    )


def test_a_class_given_two_polarities_is_a_conflict_in_classlabel():
    data = (
        b'<Reviews><Review><sentences><sentence id="1"><text>Good tea, bad coffee.</text>'
        b'<Opinions><Opinion target="tea" category="DRINKS" polarity="positive" from="5" to="8"/>'
        b'<Opinion target="coffee" category="DRINKS" polarity="negative" from="14" to="20"/>'
        b"</Opinions></sentence></sentences></Review></Reviews>"
    )

    (document,) = parse_typed(data, model_type="CLASSLABEL", format="semeval2016")
    (absa,) = parse_typed(data, model_type="ABSA", format="semeval2016")

    assert document.segments[0].tags == (Tag("DRINKS", "conflict"),)
    assert [s.tags for s in absa.segments] == [
        (Tag("DRINKS", "positive"),),
        (Tag("DRINKS", "negative"),),
    ]


def test_a_class_without_a_polarity_is_refused_in_classlabel_naming_its_line(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse_typed(corpus_file("documents.jsonl"), model_type="CLASSLABEL", format="jsonl")

    assert caught.value.location == "line 1"
    assert "the class 'food' has no polarity" in caught.value.message


def test_a_span_of_a_class_without_polarity_is_refused_in_absa_naming_its_line():
    data = (
        b'{"text": "Cold soup.", "classes": ["food"],'
        b' "spans": [{"start": 5, "end": 9, "label": "food"}]}\n'
    )

    with pytest.raises(FormatError) as caught:
        parse_typed(data, model_type="ABSA", format="jsonl")

    assert caught.value.location == "line 1"
    assert "has no polarity" in caught.value.message


def test_label_studio_choices_give_class_documents_and_regions_of_no_class_no_segment(
    corpus_file,
):
    data = corpus_file("labelstudio.json")

    classes = parse_typed(data, model_type="CLASS")
    absa = parse_typed(data, model_type="ABSA")

    assert [[t.cls for t in d.tags] for d in classes] == [["hardware", "support"], ["price"]]
    assert [d.segments for d in absa] == [(), ()]  # PRODUCT, SERVICE, OTHER are no classes


@pytest.mark.parametrize("model_type", ["LABEL", "CLASS", "CLASSLABEL", "ABSA"])
def test_a_conll_file_is_refused_for_every_type(corpus_file, model_type):
    with pytest.raises(FormatError, match="no model type of the vendor holds span labelling"):
        parse_typed(corpus_file("entities.conll"), model_type=model_type)
