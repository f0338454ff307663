"""What the service says about itself: GET /types, GET /health, GET /info."""

from unittest import mock

from django.db import DatabaseError
from django.test import Client

from trainer.textapi.models import ModelType

from .helpers import assert_error, url


def test_types_lists_the_vendors_five_types_by_id(reader):
    response = reader.get(url("types"))

    assert response.status_code == 200
    assert [(t["id"], t["name"]) for t in response.json()] == [
        (1, "BASE"),
        (2, "ABSA"),
        (3, "LABEL"),
        (4, "CLASS"),
        (5, "CLASSLABEL"),
    ]


def test_every_type_has_a_description(reader):
    types = reader.get(url("types")).json()

    assert all(set(t) == {"id", "name", "description"} and t["description"] for t in types)


def test_types_need_a_token(db):
    assert_error(Client().get(url("types")), 401)


def test_health_answers_ok_without_a_token(db):
    response = Client().get(url("health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_unavailable_when_the_database_does_not_answer(db):
    with mock.patch("trainer.textapi.meta.connection.cursor", side_effect=DatabaseError("down")):
        response = Client().get(url("health"))

    assert_error(response, 503)


def test_info_announces_the_cancel_and_metrics_detail_extensions(reader):
    response = reader.get(url("info"))

    assert response.status_code == 200
    assert response.json()["extensions"] == ["cancel", "metrics-detail"]


def test_info_tells_the_version_and_the_version_of_the_openapi_document(reader, client):
    info = reader.get(url("info")).json()

    assert info["version"] == client.get(url("openapi.json")).json()["info"]["version"]


def test_info_tells_the_types_trained_and_the_token_lifetime(reader, settings):
    settings.TEXTAPI_TOKEN_TTL_SECONDS = 3600

    info = reader.get(url("info")).json()

    assert info["types"] == list(ModelType.values)
    assert info["token_ttl_seconds"] == 3600


def test_info_needs_a_token(db):
    assert_error(Client().get(url("info")), 401)
