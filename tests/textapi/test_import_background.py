"""A large labeled-data file is stored and imported by a worker: the request answers
at once with the session CREATED, which then fills in batch by batch and ends
FINISHED, or FAILED with the line at fault and none of its documents. Listing
sessions never reads their documents; a manager deletes a session."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trainer.jsonapi.reaper import Reaped
from trainer.learning.documents import Document as VendorDocument
from trainer.learning.documents import Tag, whole
from trainer.textapi import labeling
from trainer.textapi.documents import documents_add
from trainer.textapi.models import Document, LabelingSession, Role, SessionStatus
from trainer.textapi.storage import artifact_storage

from .helpers import assert_error, post_json, url


def _jsonl(count: int, *, bad_line: int | None = None) -> bytes:
    lines = [
        json.dumps({"text": f"News item {n} about the weather", "classes": ["weather"]})
        for n in range(1, count + 1)
    ]
    if bad_line is not None:
        lines[bad_line - 1] = '{"text": "cut short'
    return ("\n".join(lines) + "\n").encode()


def _upload(client, project, content: bytes):
    data = {"file": SimpleUploadedFile("big.jsonl", content)}
    return client.post(url(f"projects/{project.pk}/annotations/upload"), data)


@pytest.fixture
def annotator(client_for):
    return client_for(Role.ANNOTATOR)


@pytest.fixture
def large(settings, monkeypatch):
    """Files over 1 kB are imported in the background, 10 documents a batch."""
    settings.TEXTAPI_IMPORT_INLINE_BYTES = 1024
    monkeypatch.setattr(labeling, "IMPORT_BATCH", 10)


def test_a_large_file_is_answered_at_once_with_its_session_created(
    annotator, project, large, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = _upload(annotator, project, _jsonl(100))

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["document_count"], body["progress"]) == ("CREATED", 0, 0.0)
    assert body["name"] == "big"  # the vendor's upload takes no name: the file's
    assert len(queued) == 1  # the import task, sent once the session is committed
    session = LabelingSession.objects.get(pk=body["id"])
    assert artifact_storage().exists(session.upload_file)


def test_the_worker_imports_it_and_the_session_ends_finished(
    annotator, project, large, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = _upload(annotator, project, _jsonl(95)).json()

    answer = annotator.get(url(f"projects/{project.pk}/annotations/{body['id']}")).json()
    assert (answer["status"], answer["progress"], answer["error"]) == ("FINISHED", 100.0, "")
    assert (answer["document_count"], answer["classes"], answer["labels"]) == (95, ["weather"], [])
    assert answer["finished"] is not None
    assert Document.objects.filter(session_id=body["id"]).count() == 95
    assert all(
        [tag.class_name for segment in document.segments.all() for tag in segment.tags.all()]
        == ["weather"]
        for document in Document.objects.filter(session_id=body["id"])
    )
    assert not artifact_storage().listdir("uploads")[1]  # the stored file is gone


def test_a_bad_line_late_in_a_large_file_fails_the_session_and_keeps_no_document(
    annotator, project, large, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = _upload(annotator, project, _jsonl(95, bad_line=87)).json()

    session = LabelingSession.objects.get(pk=body["id"])
    assert session.status == SessionStatus.FAILED
    assert session.error.startswith("line 87: ")
    assert (session.document_count, session.classes) == (0, [])
    assert not Document.objects.filter(session=session).exists()
    assert not artifact_storage().listdir("uploads")[1]


def test_a_large_file_that_does_not_fit_the_projects_type_fails_with_the_reason(
    annotator, project, large, eager_celery, django_capture_on_commit_callbacks
):
    project.type = "CLASSLABEL"
    project.save(update_fields=["type"])
    with django_capture_on_commit_callbacks(execute=True):
        body = _upload(annotator, project, _jsonl(95)).json()

    session = LabelingSession.objects.get(pk=body["id"])
    assert session.status == SessionStatus.FAILED
    assert session.error.startswith("line 1: ")
    assert "weather" in session.error  # a class without a polarity
    assert not Document.objects.filter(session=session).exists()


def test_a_small_bad_file_is_still_refused_in_the_request(annotator, project):
    response = _upload(annotator, project, _jsonl(3, bad_line=2))

    body = assert_error(response, 400, field="file")
    assert body["errors"]["file"][0].startswith("line 2: ")
    assert not LabelingSession.objects.exists()


def test_a_session_still_importing_cannot_be_trained_on(manager, project, large):
    session = LabelingSession.objects.create(
        project=project, name="Importing", type="CLASS",
        status=SessionStatus.CREATED, progress=40.0,
    )  # fmt: skip

    response = post_json(manager, f"projects/{project.pk}/models", {"annotation_ids": [session.pk]})

    body = assert_error(response, 400, field="annotation_ids")
    assert "not ready" in body["errors"]["annotation_ids"][0]


def test_listing_sessions_reads_no_document(annotator, project, session_factory):
    session_factory(name="One")
    session_factory(name="Two")
    documents_table = Document._meta.db_table

    with CaptureQueriesContext(connection) as queries:
        sessions = annotator.get(url(f"projects/{project.pk}/annotations")).json()

    assert {s["name"] for s in sessions} == {"One", "Two"}
    assert all(s["classes"] for s in sessions)
    assert not [q for q in queries.captured_queries if documents_table in q["sql"]]


def test_a_manager_deletes_a_session_with_its_documents(manager, project, session):
    response = manager.delete(url(f"projects/{project.pk}/annotations/{session.pk}"))

    assert response.status_code == 204
    assert not LabelingSession.objects.filter(pk=session.pk).exists()
    assert not Document.objects.filter(session_id=session.pk).exists()


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_below_manager_a_session_cannot_be_deleted(client_for, project, session, role):
    response = client_for(role).delete(url(f"projects/{project.pk}/annotations/{session.pk}"))

    assert_error(response, 403)
    assert LabelingSession.objects.filter(pk=session.pk).exists()


def test_deleting_a_session_that_is_importing_stops_its_import(
    manager, annotator, project, large, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        body = _upload(annotator, project, _jsonl(95)).json()
    manager.delete(url(f"projects/{project.pk}/annotations/{body['id']}"))

    for callback in queued:
        callback()  # the import task runs after the deletion

    assert not LabelingSession.objects.filter(pk=body["id"]).exists()
    assert not Document.objects.exists()


# -- an import whose worker dies ------------------------------------------------------


def _stored(project, *, status, attempts=0, silent_minutes=11, documents=0):
    """A session whose large file is stored, in ``status``, silent for a while, with
    ``documents`` left by an earlier try."""
    name = artifact_storage().save("uploads/stopped", ContentFile(_jsonl(30)))
    session = LabelingSession.objects.create(
        project=project,
        name="Big",
        type="CLASS",
        status=status,
        progress=40.0,
        upload_file=name,
        upload_name="big.jsonl",
        attempts=attempts,
        heartbeat_at=timezone.now() - timedelta(minutes=silent_minutes),
    )
    documents_add(
        session=session,
        documents=[
            VendorDocument(f"left {n}", whole(f"left {n}", [Tag("weather")]))
            for n in range(documents)
        ],
    )
    return session


def test_an_import_whose_worker_stopped_is_queued_again_and_starts_over(
    project, eager_celery, large
):
    session = _stored(project, status=SessionStatus.STARTED, attempts=1, documents=12)

    reaped = labeling.labeling_sessions_reap()

    session.refresh_from_db()
    assert reaped.retried == [session.pk]
    assert (session.status, session.attempts, session.document_count) == ("FINISHED", 2, 30)
    assert Document.objects.filter(session=session).count() == 30  # nothing left twice


def test_an_import_whose_worker_died_on_every_try_fails_and_keeps_nothing(project, settings):
    settings.TEXTAPI_TRAINING_MAX_ATTEMPTS = 3
    session = _stored(project, status=SessionStatus.STARTED, attempts=3, documents=12)

    reaped = labeling.labeling_sessions_reap()

    session.refresh_from_db()
    assert reaped.failed == [session.pk]
    assert session.status == SessionStatus.FAILED
    assert session.error == labeling.IMPORT_STOPPED
    assert not Document.objects.filter(session=session).exists()
    assert not artifact_storage().exists("uploads/stopped")


def test_an_import_still_beating_is_left_alone(project):
    session = _stored(project, status=SessionStatus.STARTED, attempts=1, silent_minutes=0)

    assert labeling.labeling_sessions_reap() == Reaped()
    session.refresh_from_db()
    assert session.status == SessionStatus.STARTED


def test_an_import_waiting_too_long_for_a_worker_is_queued_again(project, eager_celery, large):
    session = _stored(project, status=SessionStatus.CREATED)

    reaped = labeling.labeling_sessions_reap()

    session.refresh_from_db()
    assert reaped.requeued == [session.pk]
    assert session.status == SessionStatus.FINISHED


def test_a_second_message_for_an_import_under_way_does_nothing(project, large):
    session = _stored(project, status=SessionStatus.STARTED, attempts=1, documents=12)

    labeling.labeling_session_import_run(session_id=session.pk)

    session.refresh_from_db()
    assert (session.status, session.attempts) == (SessionStatus.STARTED, 1)
    assert Document.objects.filter(session=session).count() == 12
