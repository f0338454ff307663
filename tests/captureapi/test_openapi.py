import re

from django.test import Client
from django.urls import URLPattern

from trainer.captureapi import urls as captureapi_urls

from .conftest import url


def _route_paths() -> set[str]:
    paths = set()
    for pattern in captureapi_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name != "not-found":
            paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)))
    return paths


def _document(db) -> dict:
    response = Client().get(url("openapi.json"))
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_describes_exactly_the_routes(db):
    assert set(_document(db)["paths"]) == _route_paths()


def test_the_openapi_document_declares_basic_auth(db):
    document = _document(db)

    assert document["components"]["securitySchemes"]["basic"]["scheme"] == "basic"
    assert document["security"] == [{"basic": []}]


def test_the_openapi_training_body_has_exactly_the_contract_fields(db):
    schemas = _document(db)["components"]["schemas"]

    assert set(schemas["TrainingRequest"]["properties"]) == {"task_id", "file_id", "fields"}
    assert set(schemas["Rectangle"]["properties"]) == {"page_id", "x1", "y1", "x2", "y2"}


def test_the_openapi_task_body_requires_the_vendors_three_properties(db):
    properties = _document(db)["components"]["schemas"]["TaskRequest"]["properties"]["properties"]

    assert properties["required"] == ["region", "export_format", "verification_type"]
    assert properties["properties"]["region"]["enum"] == ["US", "EU", "AU", "CA"]


def test_the_openapi_errors_are_the_vendors_models(db):
    schemas = _document(db)["components"]["schemas"]

    assert schemas["Error"]["required"] == ["id", "error", "error_description"]
    assert schemas["InternalServerError"]["required"] == [
        "id", "requestId", "statusCode", "errorCode", "message",
    ]  # fmt: skip
