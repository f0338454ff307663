"""Capture services and selectors: mirroring tasks (values from the export, or the
layout), the sync in Celery until Done, training errors placed by field, and the
accuracy chart."""

from datetime import timedelta

import pytest
import requests
import responses as responses_lib

from tests import factories
from trainer.apiclient.errors import ApiUnavailable
from trainer.apiclient.flexicapture import FlexiCaptureClient
from trainer.dashboard.capture import selectors, services
from trainer.dashboard.mirror import DELETED_REMOTELY
from trainer.dashboard.models import CaptureDocument, CaptureTraining, Role
from trainer.dashboard.tasks import capture_documents_sync_all

pytestmark = pytest.mark.django_db

API = "http://testserver/api/capture/"
TOTAL = "Root/Invoice Layout/Total"
NUMBER = "Root/Invoice Layout/InvoiceNumber"
LAYOUT = {
    "pages": [{"id": 5, "number": 1, "resolution": 150, "width": 100, "height": 100, "words": []}],
    "fields": [],
}


@pytest.fixture
def api():
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def project(db):
    return services.capture_project_define(
        name="Invoices", document_type="invoices", fields=[(NUMBER, True), (TOTAL, True)]
    )


def _document(project, task_id="t-1", **extra) -> CaptureDocument:
    return CaptureDocument.objects.create(
        project=project, name="a.pdf", file_id="f-1", file_token="tok", task_id=task_id, **extra
    )


SOURCE = {"id": "f-1", "token": "tok", "name": "a.pdf"}
TARGET = {"id": "x-1", "token": "xtok", "name": "a.json"}


def _task_json(task_id="t-1", status="Done", **extra):
    files = {"source": SOURCE, "target": TARGET} if status == "Done" else {"source": SOURCE}
    return {"id": task_id, "status": status, **extra, "documents": [{"files": files}]}


def _export(value="EUR 5.00") -> dict:
    return {"fields": [{"name": TOTAL, "value": value, "confidence": 0.8, "rectangles": []}]}


def _layout(value="") -> dict:
    return {**LAYOUT, "fields": [{"name": TOTAL, "value": value, "rectangles": []}]}


def test_defining_a_project_again_sets_exactly_the_fields_given(project):
    services.capture_project_define(
        name="Invoices", document_type="invoices", fields=[(TOTAL, False)]
    )

    assert [(f.name, f.required) for f in project.fields.all()] == [(TOTAL, False)]


def test_a_done_task_is_mirrored_with_the_values_of_its_export_and_its_layout(project, api):
    document = _document(project)
    api.get(API + "v2/task/t-1", json=_task_json())
    api.get(API + "v2/file/x-1/xtok", json=_export())
    api.get(API + "v2/training/layout/t-1/f-1", json=_layout("EUR 5.00"))

    services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert document.status == "Done"
    assert (document.fields_found[0]["value"], document.fields_found[0]["confidence"]) == (
        "EUR 5.00",
        0.8,
    )
    assert document.layout["pages"][0]["id"] == 5
    assert document.last_synced_at is not None


def test_an_export_the_client_cannot_read_leaves_the_values_of_the_layout(project, api):
    document = _document(project)
    api.get(API + "v2/task/t-1", json=_task_json())
    api.get(API + "v2/file/x-1/xtok", body=b"Total;5", content_type="text/csv")
    api.get(API + "v2/training/layout/t-1/f-1", json=_layout("EUR 5.00"))

    services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert (document.fields_found[0]["value"], document.fields_found[0]["confidence"]) == (
        "EUR 5.00",
        None,
    )


def test_a_task_waiting_for_a_person_keeps_the_values_found_and_is_followed_on(project, api):
    document = _document(project, status="InProgress")
    api.get(API + "v2/task/t-1", json=_task_json(status="WaitForAction"))
    api.get(API + "v2/training/layout/t-1/f-1", json=_layout("EUR 4.00"))
    api.get(API + "v2/extensions", json={"extensions": []})

    services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert (document.status, document.fields_found[0]["value"]) == ("WaitForAction", "EUR 4.00")
    assert list(selectors.capture_documents_in_flight()) == [document]


def test_once_verified_the_layout_is_read_again_and_what_the_capture_found_is_kept(project, api):
    document = _document(
        project,
        status="WaitForAction",
        layout=_layout("EUR 4.00"),
        fields_found=_layout("EUR 4.00")["fields"],
    )
    api.get(API + "v2/task/t-1", json=_task_json())
    api.get(API + "v2/training/layout/t-1/f-1", json=_layout("EUR 5.00"))

    services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert document.status == "Done"
    assert document.layout["fields"][0]["value"] == "EUR 5.00"
    assert document.fields_found[0]["value"] == "EUR 4.00"
    assert list(selectors.capture_documents_in_flight()) == []


def test_a_layout_not_ready_after_the_clients_waits_is_asked_for_again_later(project, api):
    document = _document(project, status="InProgress")
    api.get(API + "v2/task/t-1", json=_task_json(status="WaitForAction"))
    api.get(
        API + "v2/training/layout/t-1/f-1",
        status=409,
        json={"id": "r-1", "error": "conflict", "error_description": "Not ready."},
    )

    with pytest.raises(ApiUnavailable):  # the Celery task retries it
        services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert (document.status, document.layout) == ("InProgress", {})


def test_a_task_in_progress_has_no_layout_yet(project, api):
    document = _document(project)
    api.get(API + "v2/task/t-1", json={"id": "t-1", "status": "InProgress", "documents": []})

    services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert (document.status, document.layout) == ("InProgress", {})


def test_a_task_gone_at_the_service_ends_failed(project, api):
    document = _document(project)
    api.get(
        API + "v2/task/t-1",
        status=404,
        json={"id": "r-1", "error": "not_found", "error_description": "No task."},
    )

    services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert (document.status, document.error) == ("Failed", DELETED_REMOTELY)


def test_the_beat_task_refreshes_only_documents_in_flight(project, api):
    _document(project, task_id="t-1", status="InProgress")
    _document(project, task_id="t-2", status="Done")
    _document(project, task_id="t-3", status="WaitForAction", layout=LAYOUT)
    api.get(API + "v2/task/t-1", json=_task_json(status="Failed", error="broken"))
    api.get(API + "v2/task/t-3", json=_task_json("t-3", status="WaitForAction"))

    result = capture_documents_sync_all.run()

    assert result == {"updated": 2, "failed": 0}
    assert CaptureDocument.objects.get(task_id="t-1").error == "broken"


def test_the_sync_raises_unavailable_when_the_service_cannot_be_reached(project, api):
    _document(project, status="New")
    api.get(API + "v2/task/t-1", body=requests.ConnectionError("refused"))

    with pytest.raises(ApiUnavailable):
        services.capture_documents_sync_in_flight()


def test_training_errors_are_placed_by_field_and_rectangle():
    payload = {"fields": [{"name": TOTAL, "rectangles": []}, {"name": NUMBER, "rectangles": []}]}

    placed = selectors.capture_training_errors(
        payload=payload,
        field_errors={
            "fields[1].rectangles[2].y2": ["Too low."],
            "fields[0].name": ["Unknown."],
            "file_id": ["No such file."],
        },
    )

    assert placed["by_field"] == {
        NUMBER: [{"rectangle": 2, "key": "fields[1].rectangles[2].y2", "message": "Too low."}],
        TOTAL: [{"rectangle": None, "key": "fields[0].name", "message": "Unknown."}],
    }
    assert placed["general"] == [("file_id", "No such file.")]


def _trained(project, *, found: dict, truth: dict, captured_at, trained_at):
    document = _document(project, status="Done", layout=LAYOUT)
    document.fields_found = [{"name": name, "value": value} for name, value in found.items()]
    document.save(update_fields=["fields_found"])
    CaptureDocument.objects.filter(pk=document.pk).update(created=captured_at)
    training = CaptureTraining.objects.create(document=document, values=truth, response_status=204)
    CaptureTraining.objects.filter(pk=training.pk).update(created=trained_at)
    return document


def test_accuracy_rises_with_the_documents_trained_before_each_capture(project):
    from django.utils import timezone

    start = timezone.now() - timedelta(hours=1)
    truth = {NUMBER: "INV-1", TOTAL: "EUR 5.00"}
    _trained(
        project, found={}, truth=truth, captured_at=start, trained_at=start + timedelta(minutes=1)
    )
    _trained(
        project,
        found={NUMBER: "INV-1", TOTAL: "EUR 9.99"},
        truth=truth,
        captured_at=start + timedelta(minutes=2),
        trained_at=start + timedelta(minutes=3),
    )
    _trained(
        project,
        found={NUMBER: "INV-1", TOTAL: "EUR  5.00"},
        truth=truth,
        captured_at=start + timedelta(minutes=4),
        trained_at=start + timedelta(minutes=5),
    )

    accuracy = selectors.capture_accuracy(project=project)

    assert [(p["samples"], p["accuracy"]) for p in accuracy["points"]] == [
        (0, 0.0),
        (1, 0.5),
        (2, 1.0),
    ]
    assert accuracy["per_field"] == [(NUMBER, 2, 2, 3), (TOTAL, 2, 1, 3)]
    assert len(accuracy["chart"]["series"][0]["polyline"].split()) == 3


def test_a_failed_training_does_not_count_for_accuracy(project):
    document = _document(project, status="Done", layout=LAYOUT)
    CaptureTraining.objects.create(document=document, values={TOTAL: "x"}, response_status=400)

    assert selectors.capture_accuracy(project=project)["points"] == []


def test_the_project_page_draws_the_accuracy_chart(client, project):
    from django.urls import reverse
    from django.utils import timezone

    user = factories.make_user()
    services.capture_membership_set(project=project, user=user, role=Role.READ_ONLY)
    now = timezone.now()
    _trained(project, found={TOTAL: "1"}, truth={TOTAL: "1"}, captured_at=now, trained_at=now)
    client.force_login(user)

    response = client.get(reverse("dashboard:capture-project", args=[project.pk]))

    assert '<svg class="chart__svg"' in response.text
    assert "<polyline" in response.text
    assert "style=" not in response.text
