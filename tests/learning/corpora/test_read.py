"""``read``: the documents of a file as it reads them, in bounded memory, with the
outcome of ``parse``."""

import io

import pytest

from trainer.learning.corpora import Document, FormatError, Span, base, parse, read

from .conftest import FIXTURES
from .test_importers_fuzz import with_line_ends

ALL_FIXTURES = sorted(path.name for path in FIXTURES.iterdir())


class Bounded(io.BytesIO):
    """A file that fails the test when it is read past ``limit`` bytes."""

    def __init__(self, data: bytes, limit: int) -> None:
        super().__init__(data)
        self.limit = limit

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        assert self.tell() <= self.limit, f"read up to byte {self.tell()}"
        return chunk


def outcome(documents) -> list[Document] | tuple[str, str]:
    """The documents that ``documents()`` gives, or where and why it refuses the file."""
    try:
        return list(documents())
    except FormatError as error:
        return error.location, error.message


def json_lines(count: int) -> bytes:
    return b"".join(b'{"text": "doc %d ok", "classes": ["a"]}\n' % n for n in range(count))


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_read_gives_what_parse_gives_for_every_fixture(name):
    data = (FIXTURES / name).read_bytes()

    with (FIXTURES / name).open("rb") as stream:
        streamed = outcome(lambda: read(stream, filename=name))

    assert streamed == outcome(lambda: parse(data, filename=name))


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 7])
@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_lines_cut_across_chunks_and_any_line_ends_read_the_same(monkeypatch, name, chunk_bytes):
    data = with_line_ends((FIXTURES / name).read_bytes(), [b"\r\n", b"\r", b"\r\n", b"\n"])
    expected = outcome(lambda: parse(data, filename=name))
    monkeypatch.setattr(base, "CHUNK_BYTES", chunk_bytes)

    assert outcome(lambda: read(io.BytesIO(data), filename=name)) == expected


@pytest.mark.parametrize(
    ("data", "format", "first"),
    [
        (json_lines(50_000), "jsonl", Document("doc 0 ok", ("a",))),
        (json_lines(50_000), None, Document("doc 0 ok", ("a",))),
        (
            b"text,label\n" + b"A fine day,weather\n" * 100_000,
            "csv",
            Document("A fine day", ("weather",)),
        ),
    ],
)
def test_the_first_documents_come_before_the_file_is_read(data, format, first):  # noqa: A002
    stream = Bounded(data, limit=2 * base.CHUNK_BYTES)

    documents = read(stream, format=format)

    assert next(documents) == first
    assert len([next(documents) for _ in range(1000)]) == 1000


def test_a_bad_line_late_in_the_file_comes_after_the_documents_before_it():
    data = json_lines(5000) + b'{"text": "late", "spans": 3}\n' + json_lines(10)
    given = []

    with pytest.raises(FormatError) as caught:
        for document in read(io.BytesIO(data), format="jsonl"):
            given.append(document)

    assert len(given) == 5000
    assert given[-1] == Document(text="doc 4999 ok", classes=("a",))
    assert caught.value.location == "line 5001"
    assert '"spans" must be a list' in caught.value.message


def test_tell_between_documents_is_how_far_the_reading_has_come():
    data = json_lines(20_000)
    ends = [index + 1 for index, byte in enumerate(data) if byte == ord("\n")]
    stream = io.BytesIO(data)

    for document, end in zip(read(stream, format="jsonl"), ends, strict=True):
        assert end <= stream.tell() <= end + base.CHUNK_BYTES, document


def test_nothing_is_read_and_nothing_raised_until_the_first_document_is_asked_for():
    stream = io.BytesIO(b'{"text": "a"}\n')

    documents = read(stream, format="yaml")

    assert stream.tell() == 0
    with pytest.raises(FormatError) as caught:
        next(documents)
    assert caught.value.location == "format"


def test_a_file_of_no_documents_is_refused_once_it_is_all_read():
    documents = read(io.BytesIO(b"\xef\xbb\xbf\n\n"), format="jsonl")

    with pytest.raises(FormatError, match="holds no documents") as caught:
        next(documents)
    assert caught.value.location == "file"


def test_a_stream_is_read_from_where_it_stands_even_when_read_again(corpus_file):
    prefix = b"not part of the upload\n"
    stream = io.BytesIO(prefix + corpus_file("documents.tsv"))
    stream.seek(len(prefix))

    documents = list(read(stream))

    assert documents == parse(corpus_file("documents.tsv"))
    assert documents[1] == Document('The staff were "very" kind', ("service", "staff"))


def test_a_conll_file_with_a_late_latin1_byte_is_read_as_latin1_throughout():
    data = "Zürich B-LOC\n\n".encode() + b"ok O\n\n" * 20_000 + "schön O\n".encode("latin-1")

    documents = list(read(io.BytesIO(data), format="conll"))

    assert documents[0] == Document(text="ZÃ¼rich", spans=(Span(0, 7, "LOC"),))
    assert documents[-1] == Document(text="schön")
