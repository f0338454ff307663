"""Fixtures of the embedded Capture API tests: applications, a document type,
files in a temporary storage, and captures run in-process."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from trainer.captureapi import services
from trainer.captureapi.models import DocumentField, DocumentType
from trainer.celery import app as celery_app

from .invoices import FIELDS, invoice

API = "/api/capture/"
# The three task properties the vendor requires; Troubleshooting waits for a person
# when a required field is not found.
PROPERTIES = {"region": "EU", "export_format": "Json", "verification_type": "Troubleshooting"}


@pytest.fixture(autouse=True)
def _capture_storage(settings, tmp_path):
    """Files and pages go to a temporary folder, never to var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "captureapi": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "capture")},
        },
    }


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def basic_client(app_id: str, token: str) -> Client:
    credentials = base64.b64encode(f"{app_id}:{token}".encode()).decode()
    return Client(headers={"Authorization": f"Basic {credentials}"})


@pytest.fixture
def application(db):
    application, raw = services.application_create(name="Dashboard")
    application.raw_token = raw
    return application


@pytest.fixture
def api(application) -> Client:
    return basic_client(application.app_id, application.raw_token)


@pytest.fixture
def other_api(db) -> Client:
    application, raw = services.application_create(name="Someone else")
    return basic_client(application.app_id, raw)


def _document_type(slug: str, name: str) -> DocumentType:
    document_type = DocumentType.objects.create(slug=slug, name=name)
    for position, (field_name, required) in enumerate(FIELDS.items()):
        DocumentField.objects.create(
            document_type=document_type, name=field_name, required=required, position=position
        )
    return document_type


@pytest.fixture
def invoices_type(db) -> DocumentType:
    """The vendor's ``invoices`` type: its fields are found out of the box."""
    return _document_type("invoices", "Invoices")


@pytest.fixture
def own_type(db) -> DocumentType:
    """An application's own type with the invoice's fields: nothing finds them untrained."""
    return _document_type("supplier-bills", "Supplier bills")


def url(path: str) -> str:
    return API + path.lstrip("/")


def upload(client: Client, data: bytes, name: str = "invoice.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url("v2/file"), {"file": SimpleUploadedFile(name, data)})


def post_json(client: Client, path: str, body):
    return client.post(url(path), data=body, content_type="application/json")


def task_body(*files: dict, **properties: str) -> dict:
    """The body of ``POST /v2/task/capture/{type}``: the files (``{id, token}``) with
    :data:`PROPERTIES`, as changed by ``properties``."""
    return {"files": list(files), "properties": {**PROPERTIES, **properties}}


def refusal(response, status: int = 400) -> str:
    """The ``error_description`` of a refusal in the vendor's shape (BadRequestBodyModel);
    a 400's reads "Invalid request: field: message; field: message"."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"id", "error", "error_description"}
    return body["error_description"]


def exported(client: Client, task_id: str) -> dict[str, str]:
    """The values in the JSON export (the ``target`` file) of the task's first document."""
    target = client.get(url(f"v2/task/{task_id}")).json()["documents"][0]["files"]["target"]
    response = client.get(url(f"v2/file/{target['id']}/{target['token']}"))
    export = json.loads(b"".join(response.streaming_content))
    return {field["name"]: field["value"] for field in export["fields"]}


@pytest.fixture
def captured(api, invoices_type, eager_celery, django_capture_on_commit_callbacks):
    """``captured(seed, document_type="invoices", **properties)``: an invoice uploaded and
    captured as ``document_type`` (with :data:`PROPERTIES` as changed by ``properties``);
    (task id, file id, layout, invoice)."""

    def capture(seed: int = 1, document_type: str = "invoices", **properties: str):
        document = invoice(seed)
        stored = upload(api, document.pdf).json()[0]
        with django_capture_on_commit_callbacks(execute=True):
            task = post_json(
                api,
                f"v2/task/capture/{document_type}",
                task_body({"id": stored["id"], "token": stored["token"]}, **properties),
            ).json()
        layout = api.get(url(f"v2/training/layout/{task['id']}/{stored['id']}")).json()
        return task["id"], stored["id"], layout, document

    return capture
