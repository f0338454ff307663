"""Shared helpers of the corpus parser tests: the fixture files and the real data."""

import csv
import io
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[2] / "fixtures" / "corpora"
SHARED_DATA = (Path(__file__).parents[3] / ".." / "shared" / "data").resolve()
# The real files the parsers read (relative to SHARED_DATA), and the ``LABEL text``
# files that are no format until converted to CSV, with their encoding.
REAL_FILES = (
    "absa-en/Restaurants_Train_v2.xml",
    "absa-en/Laptop_Train_v2.xml",
    "absa-ar/AR_Hotels_Train_SB1.xml",
    "absa-de/fixed_dev-2017-09-15.xml",
    "label-en/eng.train",
    "label-en/eng.testa",
)
LABEL_LINE_FILES = (
    ("class-en/stsa.binary.train", "utf-8"),
    ("class-en/stsa.binary.dev", "utf-8"),
    ("class-en/TREC.train.all", "latin-1"),
)


def label_lines_as_csv(raw: bytes, encoding: str) -> bytes:
    """``LABEL text`` lines (SST-2, TREC) as a CSV file with a label and a text column."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["label", "text"])
    for line in raw.decode(encoding).splitlines():
        if line.strip():
            label, text = line.split(" ", 1)
            writer.writerow([label, text])
    return out.getvalue().encode()


@pytest.fixture
def corpus_file():
    """Return the bytes of a file in tests/fixtures/corpora."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read
