"""The dashboard's capture client against the embedded service over real HTTP."""

import io

import pytest

from trainer.apiclient.errors import ApiValidationError
from trainer.apiclient.flexicapture import (
    FlexiCaptureClient,
    Rectangle,
    TrainingField,
    TrainingSpec,
)
from trainer.captureapi import services

from .invoices import invoice

DPI = 150


@pytest.fixture
def capture_client(live_server, invoices_type, eager_celery, transactional_db):
    application, raw = services.application_create(name="Dashboard")
    return FlexiCaptureClient(
        base_url=f"{live_server.url}/api/capture/",
        app_id=application.app_id,
        token=raw,
        region="EU",
    )


def _capture(client: FlexiCaptureClient, seed: int, document_type: str = "invoices"):
    document = invoice(seed)
    stored = client.upload_file(file=io.BytesIO(document.pdf), filename=f"invoice-{seed}.pdf")
    task = client.get_task(client.create_task(document_type, files=[stored]).id)
    return task, stored, document


def test_the_client_uploads_captures_trains_and_reads_the_next_document(capture_client):
    task, stored, document = _capture(capture_client, 1)
    layout = capture_client.get_layout(task.id, stored.id)
    page = layout.pages[0]

    spec = TrainingSpec(
        task_id=task.id,
        file_id=stored.id,
        fields=[
            TrainingField(name=name, rectangles=[Rectangle(page.id, r.x1, r.y1, r.x2, r.y2)])
            for name, [r] in document.rectangles(dpi=DPI).items()
        ],
    )
    capture_client.train(spec)

    # Asked for no verification, the next invoice is Done whatever the confidence.
    capture_client.verification_type = "NoVerification"
    second, _stored, second_document = _capture(capture_client, 2)
    assert second.status == "Done"
    [target] = second.documents[0].targets
    exported = capture_client.get_export(target)
    assert {f.name: f.value for f in exported} == second_document.values


def test_a_refused_training_comes_back_with_the_field_named(capture_client):
    task, stored, _document = _capture(capture_client, 1)
    page = capture_client.get_layout(task.id, stored.id).pages[0]
    spec = TrainingSpec(
        task_id=task.id,
        file_id=stored.id,
        fields=[
            TrainingField(
                name="Root/Invoice Layout/Total",
                rectangles=[Rectangle(page.id, 10, 10, 50, 50), Rectangle(page.id, 10, 10, 5, 50)],
            )
        ],
    )

    with pytest.raises(ApiValidationError) as caught:
        capture_client.train(spec)

    assert caught.value.message == (
        "Invalid request: fields[0].rectangles[1].x2: Must be greater than x1."
    )


def test_the_client_finishes_a_verification_through_the_announced_extension(
    capture_client, own_type
):
    # An own type untrained: the required fields are missing, so the task waits.
    task, stored, _document = _capture(capture_client, 1, own_type.slug)
    assert (task.status, bool(task.verification_id)) == ("WaitForAction", True)
    assert "verification" in capture_client.get_extensions()
    [document] = capture_client.get_verification(task.id)
    assert all(field.unsure for field in document.fields)  # nothing found: confidence 0
    values = {field.name: "checked" for field in document.fields}

    done = capture_client.verify(task.id, values={document.file_id: values})

    assert done.status == "Done"
    [target] = done.documents[0].targets
    assert {f.name: f.value for f in capture_client.get_export(target)} == values
