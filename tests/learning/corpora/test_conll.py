import pytest

from trainer.learning.corpora import Document, FormatError, Span, parse


def test_conll_fixture_parses_into_sentences_with_entity_offsets(corpus_file):
    documents = parse(corpus_file("entities.conll"), format="conll")

    assert documents == [
        Document(
            text="Anna Berg visited Oslo .",
            spans=(Span(0, 9, "PER"), Span(18, 22, "LOC")),
        ),
        Document(
            text="The Red Cross helped Berlin Paris .",
            spans=(Span(4, 13, "ORG"), Span(21, 27, "LOC"), Span(28, 33, "LOC")),
        ),
    ]
    surfaces = [[d.text[s.start : s.end] for s in d.spans] for d in documents]
    assert surfaces == [["Anna Berg", "Oslo"], ["Red Cross", "Berlin", "Paris"]]


def test_conll_iob1_entity_starting_with_i_becomes_a_span(corpus_file):
    documents = parse(corpus_file("iob1.conll"), format="conll")

    first, second = documents
    assert first.text == "Anna Berg met Jon Lee in New York"
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("Anna Berg", "PER"),
        ("Jon", "PER"),
        ("Lee", "PER"),
        ("New York", "LOC"),
    ]
    assert second == Document(text="Banks in Zurich", spans=(Span(9, 15, "LOC"),))


def test_conll_i_tag_of_another_type_starts_a_new_entity():
    data = b"Big B-ORG\nApple I-LOC\npie O\n"

    assert parse(data, format="conll") == [
        Document(text="Big Apple pie", spans=(Span(0, 3, "ORG"), Span(4, 9, "LOC")))
    ]


def test_conll_bad_tag_names_its_line(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("bad_tag.conll"), format="conll")

    assert caught.value.location == "line 6"
    assert "'X-LOC' is not a tag" in caught.value.message


def test_conll_line_with_the_wrong_number_of_columns_names_its_line(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("wrong_columns.conll"), format="conll")

    assert caught.value.location == "line 4"
    assert "expected 3 columns" in caught.value.message


def test_conll_single_column_is_refused():
    with pytest.raises(FormatError, match="token and a tag") as caught:
        parse(b"lonely\n", format="conll")

    assert caught.value.location == "line 1"


def test_conll_tolerates_latin1_bytes():
    data = "Zürich B-LOC\nist O\nschön O\n".encode("latin-1")

    assert parse(data, format="conll") == [
        Document(text="Zürich ist schön", spans=(Span(0, 6, "LOC"),))
    ]
