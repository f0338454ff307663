import re

from django.urls import URLPattern

from trainer.textapi import urls as textapi_urls

from .helpers import MODEL_FIELDS, MODEL_REQUIRED_FIELDS, url


def _route_paths() -> set[str]:
    """Routes of trainer/textapi/urls.py as OpenAPI paths (the catch-all left out)."""
    paths = set()
    for pattern in textapi_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name == "not-found":
            continue
        route = str(pattern.pattern)
        paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return paths


def test_openapi_document_is_served_without_a_token(client):
    response = client.get(url("openapi.json"))

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")


def test_openapi_document_describes_every_route(client):
    document = client.get(url("openapi.json")).json()

    assert _route_paths() <= set(document["paths"])


def test_every_path_of_the_openapi_document_is_a_route(client):
    document = client.get(url("openapi.json")).json()

    assert set(document["paths"]) <= _route_paths()


def test_openapi_document_declares_bearer_security(client):
    document = client.get(url("openapi.json")).json()

    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert document["security"] == [{"bearer": []}]


def test_openapi_document_has_the_contract_schemas(client):
    schemas = client.get(url("openapi.json")).json()["components"]["schemas"]

    assert {"Model", "Project", "LabelingSession", "Error", "TrainRequest"} <= set(schemas)


def test_openapi_model_schema_lists_exactly_the_fields_the_api_answers(client):
    model = client.get(url("openapi.json")).json()["components"]["schemas"]["Model"]

    assert set(model["required"]) == MODEL_REQUIRED_FIELDS
    assert set(model["properties"]) == MODEL_FIELDS


def test_openapi_train_body_lists_exactly_the_contract_fields(client):
    schemas = client.get(url("openapi.json")).json()["components"]["schemas"]

    assert set(schemas["TrainRequest"]["properties"]) == {
        "display_name",
        "language",
        "name",
        "base_id",
        "annotation_ids",
        "trainset_annotation_ids",
        "testset_annotation_ids",
    }


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_reference_in_the_openapi_document_resolves(client):
    document = client.get(url("openapi.json")).json()

    for ref in _refs(document):
        node = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert node, ref
