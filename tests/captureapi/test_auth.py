"""Basic auth per application: ``base64(applicationId:token)``, else a JSON 401."""

import base64

import pytest
from django.test import Client

from trainer.captureapi import services

from .conftest import basic_client, refusal, url

pytestmark = pytest.mark.django_db

TASK = "v2/task/8d6bd1b4-8f6e-4c1c-9d2a-5e5b2f0a1b2c"


def _assert_401(response):
    assert refusal(response, 401) == "The application id or token is missing or invalid."
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_request_without_credentials_is_401(db):
    _assert_401(Client().get(url(TASK)))


def test_a_wrong_token_is_401(application):
    _assert_401(basic_client(application.app_id, "wrong").get(url(TASK)))


def test_an_unknown_application_is_401(application):
    _assert_401(basic_client("app-unknown", application.raw_token).get(url(TASK)))


def test_a_bearer_token_is_not_basic_auth(application):
    client = Client(headers={"Authorization": f"Bearer {application.raw_token}"})

    _assert_401(client.get(url(TASK)))


def test_credentials_that_are_not_base64_are_401(db):
    _assert_401(Client(headers={"Authorization": "Basic %%%"}).get(url(TASK)))


def test_credentials_without_a_colon_are_401(application):
    encoded = base64.b64encode(application.app_id.encode()).decode()

    _assert_401(Client(headers={"Authorization": f"Basic {encoded}"}).get(url(TASK)))


def test_a_revoked_application_is_401(application, api):
    services.application_revoke(application=application)

    _assert_401(api.get(url(TASK)))


def test_valid_credentials_pass_and_record_the_last_use(application, api):
    response = api.get(url(TASK))

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.last_used_at is not None


def test_registering_known_credentials_again_returns_the_same_application(db):
    first, _raw = services.application_create(name="a", app_id="app-1", raw="secret-token")

    again, _raw = services.application_create(name="a", app_id="app-1", raw="secret-token")

    assert again.pk == first.pk


def test_a_known_application_id_with_another_token_is_refused(db):
    services.application_create(name="a", app_id="app-1", raw="secret-token")

    with pytest.raises(ValueError, match="another token"):
        services.application_create(name="a", app_id="app-1", raw="other-token")


def test_an_unknown_path_is_a_json_404_without_credentials(db):
    response = Client().get(url("v3/nothing"))

    assert refusal(response, 404) == "No such endpoint: /api/capture/v3/nothing"


def test_a_wrong_method_is_a_json_405_with_allow(api):
    response = api.put(url("v2/training"))

    assert refusal(response, 405).startswith("Method PUT is not allowed here")
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"] == "POST"


def test_an_unexpected_failure_is_the_vendors_json_500_without_its_cause(api, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("trainer.captureapi.selectors.task_get", broken)

    response = api.get(url(TASK))

    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"id", "requestId", "statusCode", "errorCode", "message"}
    assert (body["statusCode"], body["errorCode"]) == (500, 0)
    assert "disk on fire" not in body["message"]
