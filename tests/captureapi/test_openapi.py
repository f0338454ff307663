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
