"""The text connection: the service's URL and an account (an e-mail and its password,
or a pasted token) kept in the database, encrypted, never shown back; what it leaves
empty is the installation's settings. Every call to the text service goes through it."""

import json

import pytest
import responses
from django.db import connection as db
from django.urls import reverse

from trainer.dashboard.models import Project, TextConnection
from trainer.dashboard.tasks import projects_sync_all
from trainer.dashboard.text.connection import text_client

pytestmark = pytest.mark.django_db

VENDOR = "https://vendor.example/api/"
EMAIL, PASSWORD = "ops@example.com", "correct horse battery"
TOKEN = "pasted-long-lived-token"


def _stored(**fields) -> TextConnection:
    return TextConnection.objects.create(pk=TextConnection.THE, **fields)


def _raw(column: str) -> str:
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM dashboard_textconnection")  # noqa: S608 - ours
        return cursor.fetchone()[0]


def test_without_a_stored_connection_the_settings_say(settings):
    assert text_client().base_url == settings.TRAINER_API_URL


@responses.activate
def test_a_stored_account_logs_in_at_the_stored_url_and_sends_its_token():
    _stored(api_url=VENDOR, email=EMAIL, password=PASSWORD)
    login = responses.post(f"{VENDOR}auth/login", json={"auth_token": "fresh", "status": "ok"})
    listing = responses.get(f"{VENDOR}projects", json=[])

    assert text_client().list_projects() == []

    assert json.loads(login.calls[0].request.body) == {"email": EMAIL, "password": PASSWORD}
    assert listing.calls[0].request.headers["Authorization"] == "Bearer fresh"


@responses.activate
def test_a_pasted_token_is_sent_as_it_is_at_the_installations_url(settings):
    _stored(token=TOKEN)
    listing = responses.get(f"{settings.TRAINER_API_URL}projects", json=[])

    text_client().list_projects()

    assert listing.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"


@responses.activate
def test_the_sync_reaches_the_service_through_the_stored_connection():
    _stored(api_url=VENDOR, token=TOKEN)
    responses.get(f"{VENDOR}projects", json=[{"id": 7, "name": "Hotels"}])
    responses.get(f"{VENDOR}projects/7", json={"id": 7, "name": "Hotels"})
    responses.get(f"{VENDOR}projects/7/annotations", json=[])
    responses.get(f"{VENDOR}projects/7/models", json=[])

    projects_sync_all.run()

    assert Project.objects.get(remote_id=7).name == "Hotels"


def test_the_secrets_are_encrypted_at_rest():
    _stored(api_url=VENDOR, email=EMAIL, password=PASSWORD, token=TOKEN)

    assert PASSWORD not in _raw("password")
    assert TOKEN not in _raw("token")
    assert TextConnection.objects.get().password == PASSWORD


def test_the_admin_never_shows_the_secrets_back(admin_client):
    stored = _stored(api_url=VENDOR, email=EMAIL, password=PASSWORD, token=TOKEN)

    page = admin_client.get(reverse("admin:dashboard_textconnection_change", args=[stored.pk]))

    assert page.status_code == 200
    assert PASSWORD not in page.content.decode()
    assert TOKEN not in page.content.decode()


def _change(admin_client, **fields):
    url = reverse("admin:dashboard_textconnection_change", args=[TextConnection.THE])
    data = {"api_url": VENDOR, "email": EMAIL, "new_password": "", "new_token": "", **fields}
    return admin_client.post(url, data)


def test_the_admin_keeps_a_stored_password_left_empty_and_replaces_a_new_one(admin_client):
    _stored(api_url=VENDOR, email=EMAIL, password=PASSWORD)

    assert _change(admin_client).status_code == 302
    assert TextConnection.objects.get().password == PASSWORD
    assert _change(admin_client, new_password="another one").status_code == 302
    assert TextConnection.objects.get().password == "another one"


def test_the_admin_refuses_an_e_mail_without_a_password(admin_client):
    response = admin_client.post(
        reverse("admin:dashboard_textconnection_add"),
        {"api_url": VENDOR, "email": EMAIL, "new_password": "", "new_token": ""},
    )

    assert response.status_code == 200
    assert "An e-mail needs its password." in response.content.decode()
    assert not TextConnection.objects.exists()


def test_the_admin_adds_the_one_connection_and_offers_no_second(admin_client):
    added = admin_client.post(
        reverse("admin:dashboard_textconnection_add"),
        {"api_url": VENDOR, "email": "", "new_password": "", "new_token": TOKEN},
    )

    assert added.status_code == 302
    assert TextConnection.objects.get(pk=TextConnection.THE).token == TOKEN
    assert admin_client.get(reverse("admin:dashboard_textconnection_add")).status_code == 403
