"""Applications are made in the admin or by a command; the token is shown once."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from trainer.captureapi.auth import token_hash
from trainer.captureapi.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", password="pw-root-123456")
    client.force_login(admin)
    return client


def test_adding_an_application_in_the_admin_shows_its_credentials_once(admin_client):
    response = admin_client.post(
        reverse("admin:captureapi_application_add"), {"name": "Vendor bridge"}, follow=True
    )

    application = Application.objects.get()
    [message] = [str(m) for m in response.context["messages"] if "token" in str(m)]
    token = re.search(r"token (\S+) —", message).group(1)
    assert application.app_id in message
    assert application.token_hash == token_hash(token)
    page = admin_client.get(reverse("admin:captureapi_application_change", args=[application.pk]))
    assert token.encode() not in page.content
    assert application.token_hash.encode() not in page.content


def test_the_revoke_action_revokes_applications(admin_client):
    call_command("captureapi_app", "one", stdout=StringIO())
    application = Application.objects.get()

    admin_client.post(
        reverse("admin:captureapi_application_changelist"),
        {"action": "revoke", "_selected_action": [application.pk]},
    )

    application.refresh_from_db()
    assert application.revoked


def test_the_command_prints_new_credentials_that_authenticate(client):
    out = StringIO()

    call_command("captureapi_app", "Scanner", stdout=out)

    values = dict(line.split("=", 1) for line in out.getvalue().split())
    application = Application.objects.get(app_id=values["CAPTURE_API_APP_ID"])
    assert application.name == "Scanner"
    assert application.token_hash == token_hash(values["CAPTURE_API_TOKEN"])


@pytest.mark.parametrize(
    "name",
    ["documenttype", "capturemodel", "storedfile", "capturetask", "application"],
)
def test_every_admin_list_opens(admin_client, name):
    assert admin_client.get(reverse(f"admin:captureapi_{name}_changelist")).status_code == 200
