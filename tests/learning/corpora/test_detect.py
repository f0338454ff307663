import pytest

from trainer.learning.corpora import FORMATS, FormatError, detect_format, parse


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("documents.jsonl", "jsonl"),
        ("bad_syntax.jsonl", "jsonl"),
        ("span_outside_text.jsonl", "jsonl"),
        ("documents.csv", "csv"),
        ("documents.tsv", "csv"),
        ("wrong_columns.csv", "csv"),
        ("entities.conll", "conll"),
        ("iob1.conll", "conll"),
        ("bad_tag.conll", "conll"),
        ("wrong_columns.conll", "conll"),
        ("semeval2014.xml", "semeval2014"),
        ("semeval2014_bad_offsets.xml", "semeval2014"),
        ("semeval2014_not_well_formed.xml", "semeval2014"),
        ("semeval2016.xml", "semeval2016"),
        ("semeval2016_bad_target.xml", "semeval2016"),
        ("germeval2017.xml", "germeval2017"),
        ("germeval2017_bad_target.xml", "germeval2017"),
        ("labelstudio.json", "labelstudio"),
        ("labelstudio_no_text.json", "labelstudio"),
        ("labelstudio_bad_span.json", "labelstudio"),
    ],
)
def test_detection_picks_the_format_from_the_content_alone(corpus_file, name, expected):
    assert expected in FORMATS
    assert detect_format(corpus_file(name)) == expected


def test_detection_falls_back_to_the_extension(corpus_file):
    data = corpus_file("no_text_column.csv")

    assert detect_format(data, "upload.csv") == "csv"
    with pytest.raises(FormatError, match="no text column"):
        parse(data, filename="upload.csv")


def test_detection_of_unknown_content_without_a_known_extension_fails(corpus_file):
    with pytest.raises(FormatError, match="could not be recognised"):
        detect_format(b"0 a line of text\n1 another line\n", "data.txt")


def test_detection_names_an_unknown_xml_root():
    with pytest.raises(FormatError, match="<corpus> is not the root element"):
        detect_format(b'<?xml version="1.0"?>\n<!-- a note --><corpus/>')


def test_sentences_root_holding_opinions_is_semeval2016():
    data = b'<sentences><sentence id="1"><text>x</text><Opinions/></sentence></sentences>'

    assert detect_format(data) == "semeval2016"


def test_parse_without_a_format_detects_it(corpus_file):
    assert parse(corpus_file("entities.conll")) == parse(
        corpus_file("entities.conll"), format="conll"
    )
