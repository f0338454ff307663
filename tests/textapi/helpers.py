"""Helpers of the Text Training API tests."""

from __future__ import annotations

from django.test import Client

from trainer.learning.documents import Document
from trainer.textapi import services
from trainer.textapi.documents import from_old_shape

API = "/api/text/"
# The fields of a model in every answer (the contract's required ones)...
MODEL_REQUIRED_FIELDS = frozenset(
    {
        "id",
        "uuid",
        "project_id",
        "name",
        "display_name",
        "short_description",
        "long_description",
        "language",
        "type",
        "base",
        "owner",
        "created",
        "status",
        "progress",
        "score",
    }
)
# ... and all of them, as GET .../models returns them.
MODEL_FIELDS = MODEL_REQUIRED_FIELDS | {"error", "metrics"}


def url(path: str) -> str:
    return API + path.lstrip("/")


def bearer_client(user, *, name: str = "test") -> Client:
    _token, raw = services.token_create(user=user, name=name)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def assert_error(response, status: int, *, field: str | None = None) -> dict:
    """The contract's error: JSON ``{"detail": str, "errors": {field: [str]}}``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["errors"], dict)
    for messages in body["errors"].values():
        assert isinstance(messages, list)
        assert all(isinstance(message, str) and message for message in messages)
    if field is not None:
        assert field in body["errors"], body
    return body


def post_json(client: Client, path: str, body=None):
    return client.post(
        url(path), data=body if body is not None else {}, content_type="application/json"
    )


def as_vendor(documents: list[dict], *, type: str) -> list[Document]:  # noqa: A002
    """Documents of the old shape (``{"text", "classes", "spans"}``) as the vendor's."""
    return [from_old_shape(document, type=type) for document in documents]
