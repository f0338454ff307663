"""Any bytes, read as any format (or detected): documents, or a FormatError saying
what is wrong and where. Never another exception, which the text API would turn
into a 500.

Random bytes, valid files with random mutations, random line ends, deep nesting
and JSON of the wrong types.
"""

import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trainer.learning.corpora import FORMATS, Document, FormatError, parse, parse_typed
from trainer.learning.documents import MODEL_TYPES, problem

from .conftest import FIXTURES

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Per model type as well: fewer examples each, as many in all.
TYPED_FUZZ = settings(FUZZ, max_examples=50)
LINE_END = re.compile(rb"\r\n|\r|\n")
LOCATION = re.compile(r"(line \d+|task \d+|sentence |Document |file$)")
# What a database cannot store: NUL and lone surrogates (JSON spells them \u0000, \ud800).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
VALID_FILES = {
    "documents.jsonl": "jsonl",
    "documents.csv": "csv",
    "documents.tsv": "csv",
    "entities.conll": "conll",
    "semeval2014.xml": "semeval2014",
    "semeval2016.xml": "semeval2016",
    "germeval2017.xml": "germeval2017",
    "labelstudio.json": "labelstudio",
}
# What a mutation inserts: the pieces that have broken readers before, and then some.
PIECES = [
    b"[" * 3000,
    b"{" * 3000,
    b'{"a":' * 1500,
    b"<a>" * 3000,
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"\xef\xbb\xbf",
    b'"',
    b",",
    b"\t",
    b"|",
    b"-1",
    b"9" * 5000,
    b"1e999",
    b"NaN",
    b"null",
    b"[]",
    b"{}",
    b'"\\u0000"',
    b'"\\ud800"',
    b"&#0;",
    b"&amp;",
    b"&x;",
    b'<!DOCTYPE x [<!ENTITY x "xx">]>',
    b"<![CDATA[",
    b"]]>",
    b"<?",
    b"<!--",
    b"-DOCSTART-",
    b"B-",
    b"I-X",
    b"O",
    b"x" * 200_000,
]


def parsed_or_refused(data: bytes, format: str | None) -> list[Document] | FormatError:  # noqa: A002
    """What ``parse`` gives, checked: documents that keep the promises of
    ``corpora.parse`` and can be stored, or a FormatError with a message and a
    location in the file."""
    try:
        documents = parse(data, format=format)
    except FormatError as error:
        assert error.message.strip()
        assert LOCATION.match(error.location), error.location
        if error.location.startswith("line "):
            line = int(error.location.split()[1].rstrip(","))
            assert 1 <= line <= len(LINE_END.split(data)), (line, error)
        return error
    assert documents
    for document in documents:
        assert isinstance(document.text, str) and document.text.strip()
        assert all(isinstance(name, str) and name for name in document.classes)
        for span in document.spans:
            assert 0 <= span.start < span.end <= len(document.text)
        strings = [document.text, *document.classes]
        strings += [value for span in document.spans for value in (span.label, span.polarity)]
        assert not any(UNSTORABLE.search(value or "") for value in strings)
    return documents


def typed_or_refused(data: bytes, format: str | None, model_type: str) -> None:  # noqa: A002
    """What ``parse_typed`` gives, checked: vendor documents that fit ``model_type``
    or have no tags (not labeled yet), or a FormatError with a message and a location."""
    try:
        documents = parse_typed(data, model_type=model_type, format=format)
    except FormatError as error:
        assert error.message.strip()
        assert LOCATION.match(error.location), error.location
        return
    assert documents
    for document in documents:
        assert not document.tags or problem(document, model_type) is None
        for segment in document.segments:
            assert 0 <= segment.start < segment.end <= len(document.text)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` with a few random slices deleted, bytes changed or pieces inserted."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "change", "insert", "insert"]))
        if kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 50)) :]
        elif kind == "change":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        else:
            piece = draw(st.sampled_from(PIECES) | st.binary(min_size=1, max_size=8))
            data = data[:at] + piece + data[at:]
    return data


def with_line_ends(data: bytes, ends: list[bytes]) -> bytes:
    """``data`` with its line ends replaced by ``ends`` in turn."""
    lines = LINE_END.split(data)
    return b"".join(line + ends[i % len(ends)] for i, line in enumerate(lines[:-1])) + lines[-1]


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


def maybe(value_strategy):
    """The right kind of value or any JSON at all."""
    return value_strategy | JSON_VALUES


SPANS = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "start": maybe(st.integers(-5, 60)),
            "end": maybe(st.integers(-5, 60)),
            "label": maybe(st.sampled_from(["X", "", " "])),
            "polarity": maybe(st.sampled_from(["positive", None])),
        },
    ),
    max_size=3,
)
JSONL_RECORDS = maybe(
    st.fixed_dictionaries(
        {},
        optional={
            "text": maybe(st.sampled_from(["Heavy rain over Berlin.", " ", "😀 Köln"])),
            "classes": maybe(st.lists(maybe(st.sampled_from(["a", " "])), max_size=3)),
            "spans": maybe(SPANS),
        },
    )
)
LABEL_STUDIO_RESULTS = st.lists(
    maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "id": maybe(st.sampled_from(["r1", "r2"])),
                "type": maybe(st.sampled_from(["labels", "choices", "textarea"])),
                "value": maybe(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "start": maybe(st.integers(-5, 60)),
                            "end": maybe(st.integers(-5, 60)),
                            "text": maybe(st.sampled_from(["rain", "😀"])),
                            "labels": maybe(st.lists(maybe(st.just("X")), max_size=2)),
                            "choices": maybe(st.lists(maybe(st.just("positive")), max_size=2)),
                        },
                    )
                ),
            },
        )
    ),
    max_size=3,
)
LABEL_STUDIO_TASKS = st.lists(
    maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "id": JSON_VALUES,
                "data": maybe(st.fixed_dictionaries({"text": maybe(st.just("😀 Heavy rain"))})),
                "annotations": maybe(
                    st.lists(
                        maybe(
                            st.fixed_dictionaries(
                                {},
                                optional={
                                    "was_cancelled": JSON_VALUES,
                                    "result": maybe(LABEL_STUDIO_RESULTS),
                                },
                            )
                        ),
                        max_size=2,
                    )
                ),
            },
        )
    ),
    max_size=3,
)


@pytest.mark.parametrize("format", [*FORMATS, None])
@FUZZ
@given(data=st.binary(max_size=4000))
def test_any_bytes_give_documents_or_a_format_error(format, data):  # noqa: A002
    parsed_or_refused(data, format)


@pytest.mark.parametrize(("name", "format"), VALID_FILES.items())
@FUZZ
@given(choice=st.data())
def test_a_mutated_valid_file_gives_documents_or_a_format_error(name, format, choice):  # noqa: A002
    data = choice.draw(mutated((FIXTURES / name).read_bytes()))

    parsed_or_refused(data, format)
    parsed_or_refused(data, None)


@pytest.mark.parametrize("model_type", MODEL_TYPES)
@pytest.mark.parametrize(("name", "format"), VALID_FILES.items())
@TYPED_FUZZ
@given(choice=st.data())
def test_a_mutated_valid_file_gives_documents_of_the_type_or_a_format_error(
    name,
    format,  # noqa: A002
    model_type,
    choice,
):
    data = choice.draw(mutated((FIXTURES / name).read_bytes()))

    typed_or_refused(data, format, model_type)


@pytest.mark.parametrize("model_type", MODEL_TYPES)
@TYPED_FUZZ
@given(data=st.binary(max_size=4000))
def test_any_bytes_give_documents_of_the_type_or_a_format_error(model_type, data):
    typed_or_refused(data, None, model_type)


@pytest.mark.parametrize("name", VALID_FILES)
@FUZZ
@given(ends=st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=1, max_size=5))
def test_any_line_ends_give_the_same_documents(name, ends):
    # A CR, an empty line and an LF are one line end: CR LF.
    assume((b"\r", b"\n") not in zip(ends, ends[1:] + ends[:1], strict=True))
    data = (FIXTURES / name).read_bytes()

    assert parse(with_line_ends(data, ends)) == parse(data)


@pytest.mark.parametrize("format", ["jsonl", "labelstudio", None])
@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"a": ', "}")])
@FUZZ
@given(depth=st.integers(1, 5000), lines_before=st.integers(0, 3))
def test_deep_json_is_read_or_refused_naming_its_line(  # noqa: A002
    format, opening, closing, depth, lines_before
):
    task = '{"data": {"text": "Heavy rain."}, "annotations": [{"result": []}], "extra": '
    deep = opening * depth + "1" + closing * depth
    if format == "labelstudio":
        data = "\n" * lines_before + "[" + task + deep + "}]"
    else:
        data = '{"text": "Fine."}\n' * lines_before + '{"text": "Deep.", "extra": ' + deep + "}"

    outcome = parsed_or_refused(data.encode(), format)

    if isinstance(outcome, FormatError):
        assert (outcome.location, outcome.message) == (
            f"line {lines_before + 1}",
            "the JSON is nested too deeply",
        )


@pytest.mark.parametrize("format", ["semeval2014", "semeval2016", "germeval2017", None])
@FUZZ
@given(depth=st.integers(1, 20_000), name=st.sampled_from(["sentence", "text", "a"]))
def test_deep_xml_gives_documents_or_a_format_error(format, depth, name):  # noqa: A002
    root = {"semeval2016": "Reviews", "germeval2017": "Documents"}.get(format, "sentences")
    data = f"<{root}>" + f"<{name}>" * depth + "x" + f"</{name}>" * depth + f"</{root}>"

    parsed_or_refused(data.encode(), format)


@FUZZ
@given(records=st.lists(JSONL_RECORDS, min_size=1, max_size=4))
def test_json_lines_of_any_types_give_documents_or_a_format_error(records):
    data = "\n".join(json.dumps(record) for record in records).encode()

    parsed_or_refused(data, "jsonl")


@FUZZ
@given(tasks=maybe(LABEL_STUDIO_TASKS))
def test_label_studio_tasks_of_any_types_give_documents_or_a_format_error(tasks):
    data = json.dumps(tasks, indent=1).encode()

    parsed_or_refused(data, "labelstudio")


# -- each fault, named ------------------------------------------------------------

DEEP = b"[" * 2000 + b"]" * 2000
SPAN = b'{"text": "Heavy rain.", "spans": [{"start": %s, "end": %s, "label": "X"}]}'


@pytest.mark.parametrize(
    ("data", "format", "location", "message"),
    [
        (
            b'{"text": "a"}\n\n{"text": "b", "x": ' + DEEP + b"}\n",
            None,
            "line 3",
            "nested too deeply",
        ),
        (b'[{"data": {"text": "a"},\n"x": ' + DEEP + b"}]", None, "line 2", "nested too deeply"),
        (b"text,label\rrain,a\rsun,b,c\r", None, "line 3", "expected 2 columns"),
        (b'{"text": "a"}\r\n{"text": "\xff"}\r\n', "jsonl", "line 2", "not UTF-8"),
        (b"text\nrain\nsu\x00n\n", "csv", "line 3", "NUL byte"),
        ("text\nrain\n".encode("utf-16"), None, "line 1", "UTF-16"),
        (b'{"text": "a"}\n{"text": "a\\u0000b"}\n', "jsonl", "line 2", "U+0000"),
        (b'{"text": "a", "classes": ["\\udc00"]}\n', "jsonl", "line 1", "U+DC00"),
        (b'{"text": "a"}\n{"text": ' + b"9" * 5000 + b"}\n", "jsonl", "line 2", "too many digits"),
        (b'{"text": 12}\n', "jsonl", "line 1", "not a string"),
        (b'{"text": "a"}\n["text", "a"]\n', "jsonl", "line 2", "JSON object"),
        (b'{"text": "a", "spans": {"start": 0}}\n', "jsonl", "line 1", '"spans" must be a list'),
        (SPAN % (b"0", b"99"), "jsonl", "line 1, span 1", "outside the text"),
        (SPAN % (b"-3", b"2"), "jsonl", "line 1, span 1", "outside the text"),
        (SPAN % (b"5", b"2"), "jsonl", "line 1, span 1", "outside the text"),
        (SPAN % (b"[0]", b"2"), "jsonl", "line 1, span 1", "not a list"),
        (SPAN % (b"1" * 30, b"2"), "jsonl", "line 1, span 1", "at most 18 digits"),
        (
            b'<sentences><sentence id="7"><text>ab</text><aspectTerms><aspectTerm term="a" '
            b'from="' + b"9" * 5000 + b'" to="1"/></aspectTerms></sentence></sentences>',
            "semeval2014",
            "sentence id=7, aspectTerm 1",
            "at most 18 digits",
        ),
        (
            b'<sentences>\n<sentence id="7"><text>a&#0;b</text></sentence></sentences>',
            "semeval2014",
            "line 2",
            "not well-formed",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE s [\n<!ENTITY a "aaaa">]>\n'
            b"<sentences>&a;</sentences>",
            None,
            "line 3",
            "entity declarations",
        ),
        (
            b'[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": ["r1"], '
            b'"type": "labels", "value": {"start": 0, "end": 1, "labels": ["X"]}}]}]}]',
            "labelstudio",
            "task 1, result 1",
            '"id" must be a string',
        ),
        (b" \r\n\t\r", "csv", "line 1", "empty"),
    ],
)
def test_a_fault_is_refused_naming_its_line_or_element(data, format, location, message):  # noqa: A002
    with pytest.raises(FormatError) as caught:
        parse(data, format=format)

    assert caught.value.location == location
    assert message in caught.value.message


def test_a_csv_with_old_mac_line_ends_is_read_line_by_line():
    documents = parse(b"text,label\rHeavy rain,weather\rA late goal,sports\r")

    assert [(d.text, d.classes) for d in documents] == [
        ("Heavy rain", ("weather",)),
        ("A late goal", ("sports",)),
    ]


def test_json_nested_deep_but_readable_is_read():
    documents = parse(b'{"text": "Heavy rain.", "x": ' + b"[" * 50 + b"]" * 50 + b"}\n")

    assert documents == [Document(text="Heavy rain.")]
