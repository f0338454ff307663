import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trainer.textapi.auth import token_hash
from trainer.textapi.models import ApiToken

from .helpers import url


@pytest.fixture
def admin_client_logged_in(db):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", None)
    client = Client()
    client.force_login(admin)
    client.admin = admin
    return client


def _add_token(client, user):
    return client.post(
        reverse("admin:textapi_apitoken_add"),
        {"user": user.pk, "name": "dashboard"},
        follow=True,
    )


def _raw_token_from(response) -> str:
    match = re.search(r"The new token is (\S+) ", response.content.decode())
    assert match, "the new token is not shown"
    return match.group(1)


def test_adding_a_token_in_the_admin_shows_it_once(admin_client_logged_in):
    response = _add_token(admin_client_logged_in, admin_client_logged_in.admin)

    raw = _raw_token_from(response)
    assert ApiToken.objects.get().key_hash == token_hash(raw)


def test_token_added_in_the_admin_authenticates(admin_client_logged_in):
    raw = _raw_token_from(_add_token(admin_client_logged_in, admin_client_logged_in.admin))

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))

    assert response.status_code == 200


def test_admin_never_shows_the_token_again(admin_client_logged_in):
    raw = _raw_token_from(_add_token(admin_client_logged_in, admin_client_logged_in.admin))
    token = ApiToken.objects.get()

    pages = [
        admin_client_logged_in.get(reverse("admin:textapi_apitoken_changelist")),
        admin_client_logged_in.get(reverse("admin:textapi_apitoken_change", args=[token.pk])),
    ]

    for page in pages:
        assert page.status_code == 200
        assert raw not in page.content.decode()
        assert token.key_hash not in page.content.decode()


def test_admin_revoke_action_revokes_tokens(admin_client_logged_in):
    _add_token(admin_client_logged_in, admin_client_logged_in.admin)
    token = ApiToken.objects.get()

    admin_client_logged_in.post(
        reverse("admin:textapi_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    token.refresh_from_db()
    assert token.revoked


@pytest.mark.parametrize(
    "model", ["textproject", "projectmember", "labelingsession", "document", "textmodel"]
)
def test_admin_changelists_open(admin_client_logged_in, model):
    response = admin_client_logged_in.get(reverse(f"admin:textapi_{model}_changelist"))

    assert response.status_code == 200
