"""POST /projects/{id}/annotations/upload: labeling sessions created from uploaded files."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import Client

from trainer.textapi import labeling
from trainer.textapi.models import Document, LabelingSession, Role, SegmentTag

from .helpers import assert_error, url

CORPORA = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"


def _file(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CORPORA / name).read_bytes() if content is None else content)


def _upload(client: Client, project, file: SimpleUploadedFile, **fields):
    return client.post(url(f"projects/{project.pk}/annotations/upload"), {**fields, "file": file})


def _typed(project, type_: str):
    project.type = type_
    project.save(update_fields=["type"])
    return project


@pytest.fixture
def annotator(client_for):
    return client_for(Role.ANNOTATOR)


def _nothing_kept() -> bool:
    return not LabelingSession.objects.exists() and not Document.objects.exists()


def _tags(session_id: int) -> list[list[tuple]]:
    """Each document's tags, as ``(start, end, class, label)``."""
    return [
        [
            (segment.start, segment.end, tag.class_name, tag.label_name)
            for segment in document.segments.order_by("start", "end", "id")
            for tag in segment.tags.order_by("id")
        ]
        for document in Document.objects.filter(session_id=session_id).order_by("id")
    ]


# -- each format -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "type_", "documents", "tags"),
    [
        ("documents.jsonl", "CLASS", 3, 2),
        ("documents.csv", "CLASS", 4, 5),
        ("documents.tsv", "CLASS", 2, 3),
        ("semeval2014.xml", "CLASSLABEL", 3, 3),
        ("semeval2016.xml", "ABSA", 4, 5),
        ("germeval2017.xml", "ABSA", 3, 4),
        ("labelstudio.json", "CLASS", 2, 3),
    ],
)
def test_each_format_is_imported_as_documents_of_the_projects_type(
    annotator, project, filename, type_, documents, tags
):
    response = _upload(annotator, _typed(project, type_), _file(filename))

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["document_count"], body["type"], body["user_id"]) == (
        documents,
        type_,
        annotator.user.pk,
    )
    assert sum(len(found) for found in _tags(body["id"])) == tags


def test_the_201_body_is_the_session_as_listed_named_after_the_file(annotator, project):
    created = _upload(annotator, project, _file("documents.csv")).json()

    listed = annotator.get(url(f"projects/{project.pk}/annotations")).json()

    assert listed == [created]
    assert created["name"] == "documents"


def test_an_absa_upload_keeps_each_target_with_its_category_and_polarity(annotator, project):
    response = _upload(annotator, _typed(project, "ABSA"), _file("semeval2016.xml"))

    assert _tags(response.json()["id"])[0] == [
        (0, 44, "HOTEL#GENERAL", "positive"),
        (4, 8, "ROOMS#CLEANLINESS", "positive"),
        (30, 34, "FACILITIES#QUALITY", "negative"),
    ]


def test_a_class_upload_tags_the_whole_text_with_the_classes(annotator, project):
    response = _upload(annotator, project, _file("documents.jsonl"))

    assert _tags(response.json()["id"])[:2] == [[(0, 43, "food", "")], []]


# -- malformed files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "type_", "where"),
    [
        ("bad_syntax.jsonl", "CLASS", "line 3"),
        ("span_outside_text.jsonl", "ABSA", "line 2, span 1"),
        ("wrong_columns.csv", "CLASS", "line 3"),
        ("no_text_column.csv", "CLASS", "line 1"),
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
    response = _upload(annotator, _typed(project, type_), _file(filename))

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
    assert [d.text for d in Document.objects.order_by("pk")] == ["Heavy rain", "A late goal"]
    assert _tags(response.json()["id"]) == [[(0, 10, "weather", "")], [(0, 11, "sports", "")]]


def test_an_import_failing_while_it_writes_keeps_nothing(project, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SegmentTag.objects, "bulk_create", fail)

    with pytest.raises(DatabaseError):
        labeling.labeling_session_import(project=project, owner=None, upload=_file("documents.csv"))
    assert _nothing_kept()


# -- the data must fit the type ----------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "type_", "where", "reason"),
    [
        ("entities.conll", "CLASS", "file", "no model type of the vendor holds span labelling"),
        ("documents.csv", "LABEL", "line 2", "a LABEL document has exactly one label"),
        ("documents.csv", "CLASSLABEL", "line 2", "the class 'hardware' has no polarity"),
        ("semeval2014.xml", "LABEL", "sentence id=101", "exactly one label; this one has 2"),
    ],
)
def test_data_that_does_not_fit_the_projects_type_is_refused_naming_where(
    annotator, project, filename, type_, where, reason
):
    response = _upload(annotator, _typed(project, type_), _file(filename))

    body = assert_error(response, 400, field="file")
    assert body["errors"]["file"][0].startswith(where + ": ")
    assert reason in body["errors"]["file"][0]
    assert _nothing_kept()


def test_a_file_that_tags_nothing_for_the_type_makes_a_session_of_unlabeled_texts(
    annotator, project
):
    # Its spans name none of its documents' classes: no ABSA segment.
    response = _upload(annotator, _typed(project, "ABSA"), _file("documents.jsonl"))

    assert response.status_code == 201, response.content
    session = LabelingSession.objects.get(pk=response.json()["id"])
    statuses = set(session.documents.values_list("status", flat=True))
    assert (session.document_count, statuses) == (3, {"NOT_ANNOTATED"})


def test_a_class_files_documents_without_a_class_have_none(annotator, project):
    response = _upload(annotator, _typed(project, "CLASS"), _file("documents.csv"))

    session = LabelingSession.objects.get(pk=response.json()["id"])
    untagged = session.documents.get(text__startswith="She said")
    assert untagged.status == "ANNOTATED"


SEMEVAL_2014_WITHOUT_CATEGORIES = b"""<?xml version="1.0" encoding="UTF-8"?>
<sentences>
    <sentence id="1"><text>The pasta was great.</text>
        <aspectCategories><aspectCategory category="food" polarity="positive"/></aspectCategories>
    </sentence>
    <sentence id="2"><text>We came on a Sunday.</text></sentence>
</sentences>
"""


@pytest.mark.parametrize(
    ("file", "type_"),
    [
        (("semeval2016.xml", None), "ABSA"),
        (("semeval2014.xml", SEMEVAL_2014_WITHOUT_CATEGORIES), "CLASSLABEL"),
    ],
)
def test_a_files_sentences_without_opinions_speak_of_none(annotator, project, file, type_):
    response = _upload(annotator, _typed(project, type_), _file(*file))

    assert response.status_code == 201, response.content
    session = LabelingSession.objects.get(pk=response.json()["id"])
    untagged = session.documents.exclude(segments__tags__isnull=False)
    assert untagged.exists()
    assert set(untagged.values_list("status", flat=True)) == {"ANNOTATED"}


def test_a_label_files_documents_without_a_label_are_not_labeled_yet(annotator, project):
    content = b"text,label\nGreat phone.,positive\nIt broke.,negative\nNo idea yet.,\n"

    response = _upload(annotator, _typed(project, "LABEL"), _file("plain.csv", content))

    assert response.status_code == 201, response.content
    session = LabelingSession.objects.get(pk=response.json()["id"])
    statuses = dict(session.documents.values_list("text", "status"))
    assert statuses == {
        "Great phone.": "ANNOTATED",
        "It broke.": "ANNOTATED",
        "No idea yet.": "NOT_ANNOTATED",
    }


def test_fields_the_vendor_does_not_take_change_nothing(annotator, project):
    response = _upload(
        annotator, project, _file("documents.csv"), name="Mine", type="ABSA", language="fr"
    )

    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["type"]) == ("documents", "CLASS")


def test_a_request_without_a_file_is_refused(annotator, project):
    response = annotator.post(
        url(f"projects/{project.pk}/annotations/upload"),
        {"show_preview": "false"},
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


def test_the_openapi_document_describes_the_upload_with_the_vendors_fields(client):
    document = client.get(url("openapi.json")).json()

    operation = document["paths"]["/projects/{project_id}/annotations/upload"]["post"]
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    upload = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert set(upload["properties"]) == {"file", "show_preview"}
    assert upload["required"] == ["file"]
    assert {"201", "400", "401", "403", "404", "413"} <= set(operation["responses"])
