"""Fixtures of the dashboard tests: HTTP is mocked at the boundary with ``responses``."""

from __future__ import annotations

import functools

import pytest
import responses as responses_lib

from tests import factories
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import Role

API = "http://testserver/api/text/"


def enqueued(callbacks: list) -> list:
    """The on-commit callbacks that enqueue a Celery task (``delay_on_commit``), without
    the others (the status poll cache's marks of what changed)."""
    return [
        callback
        for callback in callbacks
        if isinstance(callback, functools.partial) and callback.func.__name__ == "delay"
    ]


@pytest.fixture
def api():
    """The training service: every request must be registered; unused ones are fine.
    Its ``/info`` announces the cancel extension, as the embedded service's does."""
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{API}info", json={"name": "Text Training API", "extensions": ["cancel"]})
        yield mock


@pytest.fixture
def client_api() -> DeepOpinionClient:
    return DeepOpinionClient.from_settings()


@pytest.fixture
def project(db):
    return factories.make_project(remote_id=7, name="Support inbox")


@pytest.fixture
def manager(project):
    return factories.make_member(project=project, role=Role.MANAGER, username="manager")


@pytest.fixture
def reader(project):
    return factories.make_member(project=project, role=Role.READ_ONLY, username="reader")


@pytest.fixture
def outsider(db):
    return factories.make_user(username="outsider")


@pytest.fixture
def celery_eager():
    from trainer.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Files kept in Django's default storage (capture documents' files) go to a
    temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
