"""The parsers over the real public data in /work/shared/data (skipped when absent).

The figures are those the data README gives, checked against the files:
the README's 2,514 GermEval opinions are 2,515 in the file (1,380 with a
target), and restaurants hold 3,713 aspect categories of which 3,711 are
distinct within their sentence. How long parsing takes is measured by
``tests/benchmarks/bench_parse_real.py``, not here.
"""

from collections import Counter

import pytest

from trainer.learning.corpora import FormatError, detect_format, parse

from .conftest import SHARED_DATA, label_lines_as_csv

pytestmark = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason=f"the shared data folder {SHARED_DATA} is absent"
)


def load(relative: str):
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    data = path.read_bytes()
    return detect_format(data, path.name), parse(data, filename=path.name)


def spans_match_their_text(documents) -> bool:
    return all(
        0 <= span.start < span.end <= len(document.text)
        and document.text[span.start : span.end].strip()
        for document in documents
        for span in document.spans
    )


@pytest.mark.parametrize(
    ("relative", "sentences", "terms", "categories"),
    [
        ("absa-en/Restaurants_Train_v2.xml", 3041, 3693, 5),
        ("absa-en/Laptop_Train_v2.xml", 3045, 2358, 0),
    ],
)
def test_semeval2014_real_files_hold_the_documented_counts(relative, sentences, terms, categories):
    found, documents = load(relative)

    assert found == "semeval2014"
    assert len(documents) == sentences
    assert sum(len(d.spans) for d in documents) == terms
    assert len({c for d in documents for c in d.classes}) == categories
    polarities = Counter(s.polarity for d in documents for s in d.spans)
    assert set(polarities) == {"positive", "negative", "neutral", "conflict"}
    assert spans_match_their_text(documents)


def test_semeval2016_arabic_hotels_hold_the_documented_counts():
    found, documents = load("absa-ar/AR_Hotels_Train_SB1.xml")

    assert found == "semeval2016"
    assert len(documents) == 4802
    # 10,509 opinions, of which 9,620 name a target in the text (none repeated).
    assert sum(len(d.spans) for d in documents) == 9620
    assert len({c for d in documents for c in d.classes}) == 34
    assert {s.polarity for d in documents for s in d.spans} == {"positive", "negative", "neutral"}
    assert spans_match_their_text(documents)


def test_germeval2017_dev_holds_the_documented_counts():
    found, documents = load("absa-de/fixed_dev-2017-09-15.xml")

    assert found == "germeval2017"
    assert len(documents) == 2369
    # The file holds 2,515 opinions (the README says 2,514); 1,380 have a target.
    assert sum(len(d.spans) for d in documents) == 1380
    assert sum(len(d.classes) for d in documents) == 2192
    assert spans_match_their_text(documents)


@pytest.mark.parametrize(
    ("relative", "sentences", "entities"),
    [("label-en/eng.train", 14041, 23499), ("label-en/eng.testa", 3250, 5942)],
)
def test_conll2003_files_hold_the_documented_sentence_counts(relative, sentences, entities):
    found, documents = load(relative)

    assert found == "conll"
    assert len(documents) == sentences
    assert sum(len(d.spans) for d in documents) == entities
    assert {s.label for d in documents for s in d.spans} == {"PER", "ORG", "LOC", "MISC"}
    assert spans_match_their_text(documents)


@pytest.mark.parametrize(
    ("relative", "encoding", "lines", "labels"),
    [
        ("class-en/stsa.binary.train", "utf-8", 6920, 2),
        ("class-en/stsa.binary.dev", "utf-8", 872, 2),
        ("class-en/TREC.train.all", "latin-1", 5452, 6),
    ],
)
def test_label_text_lines_are_not_a_format_but_read_as_csv_once_converted(
    relative, encoding, lines, labels
):
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    raw = path.read_bytes()
    with pytest.raises(FormatError):
        detect_format(raw, path.name)

    documents = parse(label_lines_as_csv(raw, encoding), filename="converted.csv")

    assert len(documents) == lines
    assert len({c for d in documents for c in d.classes}) == labels
    assert all(len(d.classes) == 1 for d in documents)
