"""POST /projects/{id}/annotations/upload: labeling sessions created from uploaded files."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import Client

from trainer.textapi import services
from trainer.textapi.models import Document, LabelingSession, Role

from .helpers import assert_error, url

CORPORA = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"


def _file(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CORPORA / name).read_bytes() if content is None else content)


def _upload(client: Client, project, file: SimpleUploadedFile, **fields):
    data = {"name": "Uploaded", "type": "CLASS", "language": "en", **fields, "file": file}
    return client.post(url(f"projects/{project.pk}/annotations/upload"), data)


@pytest.fixture
def annotator(client_for):
    return client_for(Role.ANNOTATOR)


def _nothing_kept() -> bool:
    return not LabelingSession.objects.exists() and not Document.objects.exists()


# -- each format -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "type_", "language", "documents", "labels"),
    [
        ("documents.jsonl", "CLASSLABEL", "en", 3, 6),  # 2 classes + 4 spans
        ("documents.csv", "CLASS", "en", 4, 5),
        ("documents.tsv", "CLASS", "en", 2, 3),
        ("entities.conll", "LABEL", "en", 2, 5),
        ("semeval2014.xml", "ABSA", "en", 3, 3),
        ("semeval2016.xml", "ABSA", "en", 4, 3),
        ("germeval2017.xml", "ABSA", "de", 3, 3),
        ("labelstudio.json", "CLASSLABEL", "en", 2, 6),  # 3 choices + 3 spans
    ],
)
def test_each_format_is_imported_with_the_right_counts(
    annotator, project, filename, type_, language, documents, labels
):
    response = _upload(annotator, project, _file(filename), type=type_, language=language)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["documents"], body["labels"]) == (documents, labels)
    assert (body["type"], body["language"], body["owner"]) == (
        type_,
        language,
        annotator.user.username,
    )
    session = LabelingSession.objects.get(pk=body["id"])
    assert session.documents.count() == documents


def test_the_201_body_is_the_session_as_listed(annotator, project):
    created = _upload(annotator, project, _file("documents.csv"), name="Tickets").json()

    listed = annotator.get(url(f"projects/{project.pk}/annotations")).json()

    assert listed == [created]
    assert created["name"] == "Tickets"


def test_a_chosen_format_is_used_whatever_the_file_name(annotator, project):
    file = _file("documents.tsv")
    file.name = "export.dat"

    response = _upload(annotator, project, file, format="csv")

    assert response.status_code == 201
    assert response.json()["documents"] == 2


def test_an_absa_session_keeps_spans_with_polarity_and_no_classes(annotator, project):
    response = _upload(annotator, project, _file("semeval2014.xml"), type="ABSA")

    first = Document.objects.filter(session_id=response.json()["id"]).first()
    assert first.classes == []
    assert first.spans == [
        {"start": 4, "end": 9, "label": "ASPECT", "polarity": "positive"},
        {"start": 28, "end": 34, "label": "ASPECT", "polarity": "negative"},
    ]


def test_a_class_session_keeps_only_the_classes(annotator, project):
    response = _upload(annotator, project, _file("documents.jsonl"), type="CLASS")

    assert response.json()["labels"] == 2
    assert all(not document.spans for document in Document.objects.all())


# -- malformed files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "type_", "where"),
    [
        ("bad_syntax.jsonl", "CLASS", "line 3"),
        ("span_outside_text.jsonl", "LABEL", "line 2, span 1"),
        ("wrong_columns.csv", "CLASS", "line 3"),
        ("no_text_column.csv", "CLASS", "line 1"),
        ("bad_tag.conll", "LABEL", "line 6"),
        ("wrong_columns.conll", "LABEL", "line 4"),
        ("semeval2014_bad_offsets.xml", "ABSA", "sentence id=202, aspectTerm 1"),
        ("semeval2014_not_well_formed.xml", "ABSA", "line 4"),
        ("semeval2016_bad_target.xml", "ABSA", "sentence id=9:1, Opinion 1"),
        ("germeval2017_bad_target.xml", "ABSA", "Document id=http://example.org/post/9, Opinion 1"),
        ("labelstudio_bad_span.json", "LABEL", "task 1 (id=5), result 1"),
        ("labelstudio_no_text.json", "CLASS", "task 2 (id=2)"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_line_or_element_and_nothing_is_kept(
    annotator, project, filename, type_, where
):
    response = _upload(annotator, project, _file(filename), type=type_)

    body = assert_error(response, 400, field="file")
    assert body["errors"]["file"][0].startswith(where + ": ")
    assert where in body["detail"]
    assert _nothing_kept()


def test_a_file_of_no_known_format_is_refused(annotator, project):
    response = _upload(annotator, project, _file("notes.txt", b"just some words\nand more\n"))

    body = assert_error(response, 400, field="file")
    assert "could not be recognised" in body["errors"]["file"][0]


def test_an_empty_file_is_refused(annotator, project):
    response = _upload(annotator, project, _file("empty.jsonl", b""))

    assert_error(response, 400, field="file")
    assert _nothing_kept()


def test_a_json_line_nested_two_thousand_deep_is_refused_naming_its_line(annotator, project):
    deep = b'{"text": "Deep.", "x": ' + b"[" * 2000 + b"]" * 2000 + b"}"  # 4 kB
    content = b'{"text": "Heavy rain.", "classes": ["weather"]}\n' + deep + b"\n"

    response = _upload(annotator, project, _file("deep.jsonl", content))

    body = assert_error(response, 400, field="file")
    assert body["errors"]["file"] == ["line 2: the JSON is nested too deeply"]
    assert _nothing_kept()


def test_a_csv_with_old_mac_line_ends_is_refused_naming_its_line(annotator, project):
    content = b"text,label\rHeavy rain,weather\rA late goal,sports,extra\r"

    response = _upload(annotator, project, _file("mac.csv", content))

    body = assert_error(response, 400, field="file")
    assert body["errors"]["file"] == ["line 3: expected 2 columns as in the header, found 3"]
    assert _nothing_kept()


def test_a_csv_with_old_mac_line_ends_is_imported_line_by_line(annotator, project):
    content = b"text,label\rHeavy rain,weather\rA late goal,sports\r"

    response = _upload(annotator, project, _file("mac.csv", content))

    assert response.status_code == 201, response.content
    documents = Document.objects.order_by("pk")
    assert [(d.text, d.classes) for d in documents] == [
        ("Heavy rain", ["weather"]),
        ("A late goal", ["sports"]),
    ]


def test_an_import_failing_while_it_writes_keeps_nothing(project, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Document.objects, "bulk_create", fail)

    with pytest.raises(DatabaseError):
        services.labeling_session_import(
            project=project,
            owner=None,
            name="Half",
            type="CLASS",
            language="en",
            upload=_file("documents.csv"),
        )
    assert _nothing_kept()


# -- the data must fit the type ----------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "type_"),
    [
        ("entities.conll", "CLASS"),  # spans only
        ("entities.conll", "CLASSLABEL"),
        ("documents.csv", "LABEL"),  # classes only
        ("documents.csv", "ABSA"),
    ],
)
def test_data_that_does_not_fit_the_type_is_refused(annotator, project, filename, type_):
    response = _upload(annotator, project, _file(filename), type=type_)

    body = assert_error(response, 400, field="type")
    assert type_ in body["errors"]["type"][0]
    assert _nothing_kept()


def test_an_absa_span_without_polarity_is_refused_naming_the_document(annotator, project):
    # Document 1 has aspects with polarities, document 2 has PER/LOC spans without.
    response = _upload(annotator, project, _file("documents.jsonl"), type="ABSA")

    body = assert_error(response, 400, field="file")
    message = body["errors"]["file"][0]
    assert message.startswith("Document 2 (“Maria flew to Lisbon")
    assert "span 1 'Maria'" in message
    assert _nothing_kept()


def _aspect_line(polarity: str) -> bytes:
    span = {"start": 5, "end": 9, "label": "ASPECT", "polarity": polarity}
    return json.dumps({"text": "Nice room", "spans": [span]}).encode()


def test_an_absa_polarity_outside_the_four_is_refused(annotator, project):
    line = (
        b'{"text": "Nice room", "spans": [{"start": 5, "end": 9, "label": "A", "polarity": "meh"}]}'
    )

    response = _upload(annotator, project, _file("odd.jsonl", line), type="ABSA")

    body = assert_error(response, 400, field="file")
    assert "'meh' is not one of positive, negative, neutral, conflict" in body["errors"]["file"][0]


def test_absa_polarities_are_stored_in_lower_case(annotator, project):
    file = _file("caps.jsonl", _aspect_line("Positive"))

    response = _upload(annotator, project, file, type="ABSA")

    assert Document.objects.get(session_id=response.json()["id"]).spans[0]["polarity"] == "positive"


# -- the other fields --------------------------------------------------------------


def test_an_unknown_format_is_refused(annotator, project):
    response = _upload(annotator, project, _file("documents.csv"), format="xlsx")

    body = assert_error(response, 400, field="format")
    assert "jsonl, csv, conll" in body["errors"]["format"][0]


def test_every_wrong_field_is_named_at_once(annotator, project):
    response = _upload(
        annotator, project, _file("documents.csv"), name=" ", type="X", language="fr"
    )

    body = assert_error(response, 400)
    assert set(body["errors"]) == {"name", "type", "language"}
    assert _nothing_kept()


def test_a_request_without_a_file_is_refused(annotator, project):
    response = annotator.post(
        url(f"projects/{project.pk}/annotations/upload"),
        {"name": "x", "type": "CLASS", "language": "en"},
    )

    assert_error(response, 400, field="file")


# -- size ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2_000, 200_000], ids=["file-over-limit", "body-over-limit"])
def test_a_file_over_the_size_limit_is_refused_with_413(annotator, project, settings, size):
    settings.TEXTAPI_MAX_UPLOAD_BYTES = 1_000
    line = b'{"text": "padding", "classes": ["x"]}\n'
    content = line * (size // len(line))

    response = _upload(annotator, project, _file("big.jsonl", content))

    body = assert_error(response, 413, field="file")
    assert "1000" in body["errors"]["file"][0]
    assert _nothing_kept()


# -- who may upload ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ANNOTATOR, Role.MANAGER, Role.OWNER])
def test_annotators_and_above_may_upload(client_for, project, role):
    response = _upload(client_for(role), project, _file("documents.csv"))

    assert response.status_code == 201


def test_read_only_members_may_not_upload(client_for, project):
    response = _upload(client_for(Role.READ_ONLY), project, _file("documents.csv"))

    assert_error(response, 403)
    assert _nothing_kept()


def test_non_members_get_404(client_for, project):
    response = _upload(client_for(None), project, _file("documents.csv"))

    assert_error(response, 404)


def test_uploads_without_a_token_get_401(project):
    response = _upload(Client(), project, _file("documents.csv"))

    assert_error(response, 401)


# -- the OpenAPI document ------------------------------------------------------------


def test_the_openapi_document_describes_the_upload_with_the_contract_fields(client):
    document = client.get(url("openapi.json")).json()

    operation = document["paths"]["/projects/{project_id}/annotations/upload"]["post"]
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    upload = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert set(upload["properties"]) == {"file", "name", "type", "language", "format"}
    assert set(upload["required"]) == {"file", "name", "type", "language"}
    assert upload["properties"]["format"]["enum"] == [
        "jsonl",
        "csv",
        "conll",
        "semeval2014",
        "semeval2016",
        "germeval2017",
        "labelstudio",
    ]
    assert {"201", "400", "401", "403", "404", "413"} <= set(operation["responses"])
