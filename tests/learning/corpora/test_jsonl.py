import pytest

from trainer.learning.corpora import Document, FormatError, Span, parse


def test_jsonl_fixture_parses_into_the_expected_documents(corpus_file):
    documents = parse(corpus_file("documents.jsonl"), format="jsonl")

    assert documents == [
        Document(
            text="The soup was cold but the bread was lovely.",
            classes=("food",),
            spans=(Span(4, 8, "ASPECT", "negative"), Span(26, 31, "ASPECT", "positive")),
        ),
        Document(
            text="Maria flew to Lisbon on Tuesday.",
            spans=(Span(0, 5, "PER"), Span(14, 20, "LOC")),
        ),
        Document(text="Nothing much to say about this one.", classes=("other",)),
    ]


def test_jsonl_syntax_error_names_the_line(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("bad_syntax.jsonl"), format="jsonl")

    assert caught.value.location == "line 3"
    assert "not valid JSON" in caught.value.message
    assert str(caught.value).startswith("line 3: ")


def test_jsonl_span_outside_the_text_names_the_line_and_span(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("span_outside_text.jsonl"), format="jsonl")

    assert caught.value.location == "line 2, span 1"
    assert "outside the text" in caught.value.message


@pytest.mark.parametrize(
    ("line", "fault"),
    [
        ('{"classes": ["a"]}', "text is missing"),
        ('{"text": "   "}', "text is empty"),
        ('["a list", "not an object"]', "JSON object"),
        ('{"text": "abc", "classes": "a"}', '"classes" must be a list'),
        ('{"text": "abc", "spans": [{"start": 2, "end": 1, "label": "X"}]}', "outside"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 1}]}', '"label" must be a string'),
        ('{"text": "abc", "spans": [{"start": 0.5, "end": 1, "label": "X"}]}', "whole number"),
        ('{"text": "abc", "spans": [{"start": true, "end": 1, "label": "X"}]}', "whole number"),
    ],
)
def test_jsonl_bad_records_are_refused_with_a_reason(line, fault):
    data = ('{"text": "fine"}\n' + line + "\n").encode()

    with pytest.raises(FormatError) as caught:
        parse(data, format="jsonl")

    assert caught.value.location.startswith("line 2")
    assert fault in caught.value.message


def test_jsonl_byte_order_mark_and_crlf_line_ends_are_tolerated():
    data = b'\xef\xbb\xbf{"text": "caf\xc3\xa9", "classes": ["x"]}\r\n\r\n{"text": "b"}\r\n'

    assert parse(data, format="jsonl") == [
        Document(text="café", classes=("x",)),
        Document(text="b"),
    ]


def test_jsonl_that_is_not_utf8_is_refused_with_the_line():
    data = b'{"text": "fine"}\n{"text": "caf\xe9"}\n'

    with pytest.raises(FormatError) as caught:
        parse(data, format="jsonl")

    assert caught.value.location == "line 2"
    assert "UTF-8" in caught.value.message


def test_a_file_with_no_documents_is_refused():
    with pytest.raises(FormatError, match="empty"):
        parse(b"\n\n", format="jsonl")


def test_an_unknown_format_name_is_refused():
    with pytest.raises(FormatError) as caught:
        parse(b'{"text": "a"}', format="yaml")

    assert caught.value.location == "format"
