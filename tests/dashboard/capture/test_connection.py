"""Each capture project reaches the capture service with its own application (id,
token, region, URL), the token stored encrypted and never shown back; what a
project leaves empty is the installation's application."""

import base64
import json

import pytest
import responses as responses_lib
from django.db import connection
from django.urls import reverse

from trainer.dashboard.capture import services
from trainer.dashboard.capture.connection import capture_client
from trainer.dashboard.encryption import decrypt, encrypt
from trainer.dashboard.models import CaptureProject

pytestmark = pytest.mark.django_db

CLOUD = "https://api-us.flexicapture.example/"


@pytest.fixture
def project():
    return services.capture_project_define(
        name="Invoices", document_type="invoices", fields=[("Root/Total", True)]
    )


@pytest.fixture
def connected(project):
    project.api_url, project.application_id, project.region = CLOUD, "app-123", "US"
    project.application_token = "tok-secret-456"
    project.save()
    return project


def _stored_token(project) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT application_token FROM {CaptureProject._meta.db_table} WHERE id = %s",  # noqa: S608
            [project.pk],
        )
        return cursor.fetchone()[0]


def test_the_token_is_stored_encrypted_and_read_back_plain(connected):
    stored = _stored_token(connected)

    assert "tok-secret-456" not in stored
    assert decrypt(stored) == "tok-secret-456"
    assert CaptureProject.objects.get(pk=connected.pk).application_token == "tok-secret-456"


def test_a_value_written_under_an_older_key_still_reads(settings, connected):
    old = encrypt("written long ago")
    settings.TRAINER_ENCRYPTION_KEYS_OLD = [settings.TRAINER_ENCRYPTION_KEY]
    settings.TRAINER_ENCRYPTION_KEY = "a new key"

    assert decrypt(old) == "written long ago"


def test_a_value_no_key_decrypts_reads_as_empty(settings):
    stored = encrypt("lost")
    settings.TRAINER_ENCRYPTION_KEY = "another key"

    assert decrypt(stored) == ""


def test_the_project_reaches_the_service_with_its_own_application(connected):
    with responses_lib.RequestsMock() as api:
        api.post(
            f"{CLOUD}v2/task/capture/invoices",
            status=201,
            json={"id": "t-1", "status": "Submitted", "documents": []},
        )
        capture_client(project=connected).create_task("invoices", files=[])
        request = api.calls[0].request

    expected = base64.b64encode(b"app-123:tok-secret-456").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert json.loads(request.body)["properties"]["region"] == "US"


def test_a_project_without_its_own_application_uses_the_installations(project, settings):
    client = capture_client(project=project)

    expected = base64.b64encode(
        f"{settings.CAPTURE_API_APP_ID}:{settings.CAPTURE_API_TOKEN}".encode()
    ).decode()
    assert client.session.headers["Authorization"] == f"Basic {expected}"
    assert client.region == settings.CAPTURE_API_REGION


def test_the_admin_never_shows_the_token_and_keeps_it_when_left_empty(admin_client, connected):
    url = reverse("admin:dashboard_captureproject_change", args=[connected.pk])

    page = admin_client.get(url).content.decode()
    form = {
        "name": "Invoices",
        "description": "",
        "document_type": "invoices",
        "api_url": CLOUD,
        "application_id": "app-123",
        "new_application_token": "",
        "region": "US",
        **_empty_inlines(),
    }
    response = admin_client.post(url, form)

    assert response.status_code == 302
    assert "tok-secret-456" not in page
    assert CaptureProject.objects.get(pk=connected.pk).application_token == "tok-secret-456"


def test_the_admin_sets_a_new_token(admin_client, connected):
    url = reverse("admin:dashboard_captureproject_change", args=[connected.pk])
    form = {
        "name": "Invoices",
        "description": "",
        "document_type": "invoices",
        "api_url": CLOUD,
        "application_id": "app-123",
        "new_application_token": "tok-new",
        "region": "US",
        **_empty_inlines(),
    }

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert CaptureProject.objects.get(pk=connected.pk).application_token == "tok-new"


def _empty_inlines() -> dict:
    """The management forms of the admin page's two inlines, with no rows changed."""
    return {
        "fields-TOTAL_FORMS": "0",
        "fields-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
