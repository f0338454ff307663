import pytest

from trainer.learning.corpora import Document, FormatError, parse


def test_csv_fixture_parses_into_the_expected_documents(corpus_file):
    documents = parse(corpus_file("documents.csv"), format="csv")

    assert documents == [
        Document(text="The printer jams every morning, again.", classes=("hardware", "complaint")),
        Document(text="How do I reset my password?", classes=("account",)),
        Document(text='She said "thanks" and left'),
        Document(
            text="Two labels here; and a semicolon in the text", classes=("account", "question")
        ),
    ]


def test_tsv_with_literal_quotes_is_read_by_sniffing_the_tab(corpus_file):
    documents = parse(corpus_file("documents.tsv"), format="csv")

    assert documents == [
        Document(text="The train was late again", classes=("delay",)),
        Document(text='The staff were "very" kind', classes=("service", "staff")),
    ]


def test_csv_without_a_text_column_is_refused_at_the_header(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("no_text_column.csv"), format="csv")

    assert caught.value.location == "line 1"
    assert "no text column" in caught.value.message


def test_csv_row_with_the_wrong_number_of_cells_names_its_line(corpus_file):
    with pytest.raises(FormatError) as caught:
        parse(corpus_file("wrong_columns.csv"), format="csv")

    assert caught.value.location == "line 3"
    assert "expected 2 columns" in caught.value.message


def test_csv_without_a_label_column_gives_documents_without_classes():
    assert parse(b"document\nFirst one\nSecond one\n", format="csv") == [
        Document(text="First one"),
        Document(text="Second one"),
    ]


def test_csv_semicolon_delimited_splits_labels_on_bars_only():
    data = "text;label\nUn café, s'il vous plaît;food|drink\n".encode()

    assert parse(data, format="csv") == [
        Document(text="Un café, s'il vous plaît", classes=("food", "drink"))
    ]


def test_csv_quoted_text_may_span_lines_and_line_numbers_stay_right():
    data = b'text,label\n"two\nlines",a\n,b\n'

    with pytest.raises(FormatError) as caught:
        parse(data, format="csv")

    assert caught.value.location == "line 4"
    assert "text is empty" in caught.value.message
