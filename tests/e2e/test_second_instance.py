"""The dashboard drives a second instance of the embedded services, standing in for the
vendors, by settings alone: another ``manage.py runall`` on another port, with its own
database, broker and files, set up by its own ``demo``. The dashboard under test
knows it only by its base URLs and credentials: for the text side the demo
manager's e-mail and password (it logs in as at DeepOpinion), for the capture side a
capture project's own application id and token (as at FlexiCapture Cloud)."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.captureapi.invoices import invoice
from trainer.apiclient.deepopinion import DOCUMENT_PAGE_SIZE, DeepOpinionClient
from trainer.dashboard.capture import services as capture_services
from trainer.dashboard.models import (
    CaptureDocument,
    CaptureStatus,
    CaptureTraining,
    LabelingSession,
    Project,
    Role,
    TrainedModel,
)
from trainer.dashboard.tasks import (
    capture_documents_sync_all,
    models_sync_all,
    projects_sync_all,
)
from trainer.dashboard.text import services
from trainer.ops.demo_data import DEMO_PROJECTS

from .conftest import ROOT, broker_purge
from .runall import Runner, free_port
from .waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What the second instance's own demo sets up, and the dashboard is told.
MANAGER_EMAIL, MANAGER_PASSWORD = "demo-manager@example.com", "demo"
APP_ID, APP_TOKEN = "second-instance-app", "second-instance-capture-token"
# The settings of this test process that must not reach the other instance: its
# database, broker, cache, files and credentials are its own.
OWN_PREFIXES = (
    "TRAINER_",
    "TEXTAPI_",
    "CAPTUREAPI_",
    "CAPTURE_",
    "DATABASE_",
    "CELERY_",
    "DJANGO_",
)
NUMBER = "Root/Invoice Layout/InvoiceNumber"
TOTAL = "Root/Invoice Layout/Total"
DPI = 150
HTMX = {"HX-Request": "true"}


def _manage(*arguments: str, env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True
    )


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """Another installation on a free port: migrated, its demo loaded, run by runall;
    its base URL."""
    var_dir = tmp_path_factory.mktemp("second-instance")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
    env |= {
        "DJANGO_SETTINGS_MODULE": "trainer.settings",
        "TRAINER_VAR_DIR": str(var_dir),
        "PORT": str(port),
        "CAPTURE_API_APP_ID": APP_ID,
        "CAPTURE_API_TOKEN": APP_TOKEN,
        "PYTHONUNBUFFERED": "1",
    }
    _manage("migrate", "--noinput", "-v", "0", env=env)
    _manage("demo", "--yes", env=env)
    runner = Runner(port=port, env=env, var_dir=var_dir, log=var_dir / "runall.log")
    try:
        wait_for(runner.serves, timeout=90)
        yield f"http://127.0.0.1:{port}"
    finally:
        runner.stop()
        sys.stdout.write("--- second instance (last lines) ---\n")
        sys.stdout.write("".join(runner.log.read_text().splitlines(True)[-40:]))


@pytest.fixture
def text_vendor(instance, settings):
    """The dashboard's text connection: the other instance's URL, an e-mail and a
    password (no token)."""
    broker_purge()
    settings.TRAINER_API_URL = f"{instance}/api/text/"
    settings.TRAINER_API_TOKEN = ""
    settings.TRAINER_API_EMAIL = MANAGER_EMAIL
    settings.TRAINER_API_PASSWORD = MANAGER_PASSWORD
    return settings.TRAINER_API_URL


def _until_ready(client, model: TrainedModel) -> TrainedModel:
    status_url = reverse("dashboard:model-status", args=[model.project_id, model.pk])

    def stopped_polling():
        models_sync_all.run()
        return client.get(status_url, headers=HTMX).status_code == 286

    wait_for(stopped_polling, timeout=180, interval=1)
    model.refresh_from_db()
    return model


def test_the_dashboard_trains_activates_tries_and_deletes_at_another_instance(text_vendor, client):
    projects_sync_all.run()
    project = Project.objects.get(name="Customer support")
    [demo] = [demo for demo in DEMO_PROJECTS if demo.name == project.name]
    sessions = list(LabelingSession.objects.filter(project=project))
    assert len(sessions) == len(demo.sessions)
    manager = get_user_model().objects.create_user("manager")
    services.membership_set(project=project, user=manager, role=Role.MANAGER)
    client.force_login(manager)

    response = client.post(
        reverse("dashboard:model-new", args=[project.pk]),
        {
            "display_name": "Topics elsewhere",
            "language": "en",
            "mode": "pool",
            "pool_sessions": [session.pk for session in sessions],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    model = _until_ready(client, TrainedModel.objects.get(display_name="Topics elsewhere"))
    assert model.status == "READY", model.error
    assert 0 < model.score <= 1

    activate = reverse("dashboard:model-activate", args=[project.pk, model.pk])
    assert client.post(activate).status_code == 302
    model.refresh_from_db()
    assert model.status == "ACTIVE"

    tried = client.post(
        reverse("dashboard:model-try", args=[project.pk, model.pk]),
        {"texts": "I was charged twice for my subscription this month."},
        headers=HTMX,
    )
    assert tried.status_code == 200
    assert "billing" in tried.content.decode()

    delete = reverse("dashboard:model-delete", args=[project.pk, model.pk])
    assert client.post(delete).status_code == 302
    assert not TrainedModel.objects.filter(pk=model.pk).exists()
    remote = DeepOpinionClient.from_settings().list_models(project.remote_id)
    assert model.remote_id not in {listed.id for listed in remote}


def test_a_reader_downloads_a_session_of_another_instance_page_after_page(text_vendor, client):
    projects_sync_all.run()
    session = LabelingSession.objects.get(name="Support inbox — week 1")
    assert session.documents > DOCUMENT_PAGE_SIZE  # two pages at least
    reader = get_user_model().objects.create_user("reader")
    services.membership_set(project=session.project, user=reader, role=Role.READ_ONLY)
    client.force_login(reader)

    response = client.get(
        reverse("dashboard:session-download", args=[session.project_id, session.pk])
    )

    assert response.status_code == 200
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert len(lines) == session.documents
    assert all(line["text"] and line["classes"] for line in lines)
    assert {name for line in lines for name in line["classes"]} <= set(session.classes)


@pytest.fixture
def capture_vendor(instance, settings, db):
    """A capture project whose own application is the other instance's, with a manager."""
    broker_purge()
    settings.CAPTURE_API_VERIFICATION_TYPE = "UserVerification"
    project = capture_services.capture_project_define(
        name="Invoices elsewhere",
        document_type="invoices",
        fields=[(NUMBER, True), (TOTAL, True)],
    )
    project.api_url = f"{instance}/api/capture/"
    project.application_id = APP_ID
    project.application_token = APP_TOKEN
    project.save(update_fields=["api_url", "application_id", "application_token"])
    manager = get_user_model().objects.create_user("capture-manager")
    capture_services.capture_membership_set(project=project, user=manager, role=Role.MANAGER)
    return project, manager


def _upload(client, project, document) -> CaptureDocument:
    before = set(CaptureDocument.objects.values_list("pk", flat=True))
    upload = SimpleUploadedFile("invoice.pdf", document.pdf, content_type="application/pdf")
    response = client.post(
        reverse("dashboard:capture-document-upload", args=[project.pk]), {"file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return CaptureDocument.objects.exclude(pk__in=before).get()


def _until(status: str, document: CaptureDocument) -> CaptureDocument:
    def reached():
        capture_documents_sync_all.run()
        document.refresh_from_db()
        return document.status == status

    wait_for(reached, timeout=120, interval=1)
    return document


def test_the_dashboard_verifies_draws_and_trains_at_another_instance(capture_vendor, client):
    project, manager = capture_vendor
    client.force_login(manager)
    first = invoice(5)

    document = _until(CaptureStatus.WAIT_FOR_ACTION, _upload(client, project, first))

    assert document.verify_here  # the other instance announces its verification page
    [page] = document.layout["pages"]
    assert "image" not in page and "words" not in page  # as at the vendor
    image = client.get(
        reverse("dashboard:capture-page-image", args=[project.pk, document.pk, page["id"]])
    )
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    verify = reverse("dashboard:capture-document-verify", args=[project.pk, document.pk])
    form = client.get(verify).context["form"]
    typed = {bound.html_name: first.values[field.name] for bound, field, _c in form.rows()}
    assert client.post(verify, typed).status_code == 302
    document.refresh_from_db()
    assert document.status == CaptureStatus.DONE

    drawing = [
        {
            "name": name,
            "rectangles": [
                {
                    "page_id": page["id"],
                    "x1": round(box.x1),
                    "y1": round(box.y1),
                    "x2": round(box.x2),
                    "y2": round(box.y2),
                }
                for box in first.rectangles(dpi=DPI)[name]
            ],
        }
        for name in (NUMBER, TOTAL)
    ]
    trained = client.post(
        reverse("dashboard:capture-document-train", args=[project.pk, document.pk]),
        {"drawing": json.dumps(drawing)},
    )
    assert trained.status_code == 302, trained.content.decode()[:2000]
    assert CaptureTraining.objects.get(document=document).succeeded

    second = invoice(6)
    learnt = _until(CaptureStatus.WAIT_FOR_ACTION, _upload(client, project, second))
    values = {field["name"]: field["value"] for field in learnt.layout["fields"]}
    assert values[TOTAL] == second.values[TOTAL]
