"""The vendor's document: its JSON both ways, and why a document does not fit a type."""

import pytest

from trainer.learning.common import TrainingDataError
from trainer.learning.documents import (
    Document,
    DocumentError,
    Segment,
    Tag,
    check,
    class_labels_of,
    problem,
)

TEXT = "The staff was rude but the room was clean."
VENDOR_JSON = {
    "text": TEXT,
    "segments": [
        {"text": "staff", "span": [4, 9], "tags": [{"class": "Staff", "label": "negative"}]},
        {"text": "room", "span": [27, 31], "tags": [{"class": "Room", "label": "positive"}]},
    ],
}


def test_a_vendor_document_reads_and_writes_the_same_json():
    document = Document.from_json(VENDOR_JSON)

    assert document.segments[0] == Segment(4, 9, (Tag("Staff", "negative"),))
    assert document.to_json() == VENDOR_JSON


def test_a_segment_text_is_derived_from_its_span_when_left_out():
    document = Document.from_json({"text": TEXT, "segments": [{"span": [4, 9], "tags": []}]})

    assert document.to_json()["segments"][0]["text"] == "staff"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([], "must be an object"),
        ({"text": " "}, '"text" is missing, empty'),
        ({"text": TEXT, "segments": {}}, '"segments" must be a list'),
        ({"text": TEXT, "segments": [{"span": [4]}]}, "two whole numbers"),
        ({"text": TEXT, "segments": [{"span": [True, 9]}]}, "two whole numbers"),
        ({"text": TEXT, "segments": [{"span": [4, 99]}]}, "outside the text"),
        ({"text": TEXT, "segments": [{"span": [4, 9], "text": "stuff"}]}, "is not the text"),
        ({"text": TEXT, "segments": [{"span": [4, 9], "tags": [{}]}]}, "neither a class nor"),
        ({"text": TEXT, "segments": [{"span": [4, 9], "tags": [{"class": 3}]}]}, "non-empty"),
    ],
)
def test_json_that_is_not_a_vendor_document_says_why(value, reason):
    with pytest.raises(DocumentError, match=reason):
        Document.from_json(value)


def _whole(*tags):
    return Document(TEXT, (Segment(0, len(TEXT), tags),))


@pytest.mark.parametrize(
    ("document", "model_type", "reason"),
    [
        (_whole(Tag(label="positive")), "LABEL", None),
        (_whole(), "LABEL", "exactly one label; this one has 0"),
        (_whole(Tag(label="a"), Tag(label="b")), "LABEL", "this one has 2 (a, b)"),
        (_whole(Tag("Staff", "a")), "LABEL", "a label only"),
        (_whole(), "CLASS", None),
        (_whole(Tag("Staff"), Tag("Room")), "CLASS", None),
        (_whole(Tag(label="a")), "CLASS", "a class only"),
        (_whole(Tag("Staff", "negative")), "CLASSLABEL", None),
        (_whole(Tag("Staff")), "CLASSLABEL", "has a class and a label"),
        (_whole(Tag("Staff", "a"), Tag("Staff", "b")), "CLASSLABEL", "'Staff' has 'a' and 'b'"),
        (Document.from_json(VENDOR_JSON), "ABSA", None),
        (_whole(Tag(label="a")), "ABSA", "has a class and a label"),
    ],
)
def test_a_document_fits_a_type_or_the_reason_says_why_not(document, model_type, reason):
    found = problem(document, model_type)

    assert found is None if reason is None else reason in found


def test_check_names_the_first_document_that_does_not_fit():
    documents = [_whole(Tag(label="a")), _whole(Tag(label="a"), Tag(label="b"))]

    with pytest.raises(TrainingDataError, match=r"train document 2 \('The staff"):
        check(documents, "LABEL", "train document")


def test_class_labels_of_a_classlabel_document():
    assert class_labels_of(_whole(Tag("Staff", "negative"), Tag("Room", "positive"))) == {
        "Staff": "negative",
        "Room": "positive",
    }
