import json

import pytest

from trainer.learning.corpora import Document, FormatError, Span, parse


def test_labelstudio_fixture_gives_classes_spans_and_region_polarity(corpus_file):
    documents = parse(corpus_file("labelstudio.json"), format="labelstudio")

    assert documents == [
        Document(
            text="The charger broke after a week, but support replaced it.",
            classes=("hardware", "support"),
            spans=(Span(4, 11, "PRODUCT", "negative"), Span(36, 43, "SERVICE")),
        ),
        Document(
            text="Great value 👍 overall",
            classes=("price",),
            spans=(Span(14, 21, "OTHER"),),
        ),
    ]


def test_labelstudio_utf16_offsets_are_converted_to_code_points(corpus_file):
    document = parse(corpus_file("labelstudio.json"), format="labelstudio")[1]

    span = document.spans[0]
    assert document.text[span.start : span.end] == "overall"


def test_labelstudio_task_without_text_is_refused(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("labelstudio_no_text.json"), format="labelstudio")

    assert caught.value.location == "task 2 (id=2)"
    assert "no text" in caught.value.message


def test_labelstudio_region_text_not_matching_the_offsets_is_refused(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("labelstudio_bad_span.json"), format="labelstudio")

    assert caught.value.location == "task 1 (id=5), result 1"
    assert "'Delivery' does not match" in caught.value.message


def test_labelstudio_export_without_any_annotation_is_refused():
    data = json.dumps([{"id": 1, "data": {"text": "x"}, "annotations": []}]).encode()

    with pytest.raises(FormatError, match="no task has an annotation"):
        parse(data, format="labelstudio")


def test_labelstudio_invalid_json_names_the_line():
    with pytest.raises(FormatError) as caught:
        parse(b'[\n  {"data": {"text": "a"}},\n  oops\n]', format="labelstudio")

    assert caught.value.location == "line 3"
