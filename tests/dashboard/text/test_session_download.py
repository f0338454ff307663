"""Downloading a labeling session as JSON Lines: what each type's documents become, that
the upload takes the file back, and what a member gets when the service fails, against
the embedded text service in-process."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.dashboard.text.test_labeling import TEXTS, _labeling, _page, _pick
from tests.security import inprocess
from trainer.dashboard.models import LabelingSession as SessionMirror
from trainer.dashboard.models import Role
from trainer.learning.corpora import parse_typed
from trainer.learning.documents import Document, Segment, Tag
from trainer.textapi import labeling
from trainer.textapi.documents import session_documents

pytestmark = pytest.mark.django_db

ROOM, STAFF = "The room was clean.", "الموظفون كانوا لطفاء"
DOCUMENTS = {
    "LABEL": [
        Document(ROOM, (Segment(0, len(ROOM), (Tag(label="positive"),)),)),
        Document(STAFF, (Segment(0, len(STAFF), (Tag(label="negative"),)),)),
    ],
    "CLASS": [
        Document(ROOM, (Segment(0, len(ROOM), (Tag("Room"), Tag("Staff"))),)),
        Document(STAFF, (Segment(0, len(STAFF), (Tag("Staff"),)),)),
    ],
    "CLASSLABEL": [
        Document(
            ROOM, (Segment(0, len(ROOM), (Tag("Room", "positive"), Tag("Staff", "negative"))),)
        ),
        Document(STAFF, (Segment(0, len(STAFF), (Tag("Staff", "positive"),)),)),
    ],
    "ABSA": [
        Document(
            ROOM,
            (
                Segment(0, len(ROOM), (Tag("Staff", "negative"),)),
                Segment(4, 8, (Tag("Room", "positive"),)),
            ),
        ),
        Document(STAFF, (Segment(0, 8, (Tag("Staff", "positive"),)),)),
    ],
}  # fmt: skip
OPTIONS = {"classes": ("Room", "Staff"), "labels": ("positive", "negative")}


@pytest.fixture(autouse=True)
def services():
    with inprocess.services_in_process() as mock:
        yield mock


def _download(browser):
    return browser.get(reverse("dashboard:session-download", args=browser.ids))


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _shape(documents) -> list:
    """Each document's text and its segments, by their place in the text."""
    return [(d.text, sorted((s.start, s.end, s.tags) for s in d.segments)) for d in documents]


@pytest.mark.parametrize("model_type", sorted(DOCUMENTS))
def test_the_file_reads_back_as_the_sessions_documents(settings, model_type):
    documents = DOCUMENTS[model_type]
    browser = _labeling(settings, type=model_type, documents=documents, **OPTIONS)

    response = _download(browser)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="batch.jsonl"'
    body = _body(response)
    assert STAFF.encode() in body  # UTF-8, not \\u escapes: the file stays readable
    read = parse_typed(body, format="jsonl", model_type=model_type)
    assert _shape(read) == _shape(documents)


def test_a_document_not_marked_done_is_left_out(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",), tags=([Tag("Room")], ()))
    _pick(browser, _page(browser, n=2).context["page"], cls="Room")  # tagged, not done

    lines = [json.loads(line) for line in _body(_download(browser)).decode().splitlines()]

    assert lines == [{"text": TEXTS[0], "classes": ["Room"]}]


def _upload_again(browser, body: bytes):
    """The file uploaded to the project: its new session at the service."""
    upload = reverse("dashboard:session-upload", args=browser.ids[:1])
    response = browser.post(upload, {"file": SimpleUploadedFile("batch.jsonl", body)})
    assert response.status_code == 302
    return labeling.LabelingSession.objects.exclude(pk=browser.session_id).get()


def test_the_upload_takes_the_file_back_as_a_session_of_the_done_documents(settings):
    done = DOCUMENTS["ABSA"]
    untagged = Document("Nothing said of the room yet.", ())
    browser = _labeling(settings, type="ABSA", documents=[*done, untagged], **OPTIONS)
    _pick(browser, _page(browser, n=3).context["page"], cls="Room", label="positive")

    again = _upload_again(browser, _body(_download(browser)))

    assert again.name == "batch"
    assert again.documents.count() == len(done)
    assert _shape(session_documents([again.pk])) == _shape(done)


def test_a_done_document_without_classes_comes_back_done_without_classes(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",), tags=([Tag("Room")], ()))
    document = _page(browser, n=2).context["page"].document
    browser.post(reverse("dashboard:session-label-done", args=[*browser.ids, document.id]))

    again = _upload_again(browser, _body(_download(browser)))

    assert [d.text for d in session_documents([again.pk])] == list(TEXTS)


def test_every_page_of_a_long_session_is_in_the_file(settings):
    documents = [
        Document(f"Text {n}", (Segment(0, 6, (Tag(label="positive"),)),)) for n in range(205)
    ]
    browser = _labeling(settings, type="LABEL", documents=documents, **OPTIONS)

    lines = _body(_download(browser)).decode().splitlines()

    assert [json.loads(line)["text"] for line in lines] == [d.text for d in documents]


def test_read_only_members_download_too(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",), role=Role.READ_ONLY)

    assert _download(browser).status_code == 200
    assert reverse("dashboard:session-download", args=browser.ids) in (
        browser.get(reverse("dashboard:project", args=browser.ids[:1])).content.decode()
    )


def test_a_session_gone_at_the_service_gives_a_message_and_no_file(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",))
    labeling.LabelingSession.objects.filter(pk=browser.session_id).delete()

    response = _download(browser)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:project", args=browser.ids[:1])
    assert SessionMirror.objects.filter(pk=browser.ids[1]).exists()
    page = browser.get(response["Location"]).content.decode()
    assert "Download" in page and 'class="message' in page
