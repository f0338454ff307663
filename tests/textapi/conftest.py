"""Fixtures of the embedded Text Training API tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.learning.synthetic import class_documents
from trainer.celery import app as celery_app
from trainer.learning.documents import Document
from trainer.textapi import labeling, services
from trainer.textapi.documents import documents_add
from trainer.textapi.models import LabelingSession, Role, Status, TextModel, TextProject

from .helpers import as_vendor, bearer_client


@pytest.fixture(autouse=True)
def _model_dir(settings, tmp_path):
    """Trained models go to a temporary folder, never to var/."""
    settings.TEXTAPI_MODEL_DIR = tmp_path / "textapi-models"
    return settings.TEXTAPI_MODEL_DIR


@pytest.fixture
def eager_celery():
    """Tasks run in-process when queued (with ``django_capture_on_commit_callbacks``)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(username: str | None = None, **extra):
        return get_user_model().objects.create_user(
            username=username or f"user{next(counter)}", password=None, **extra
        )

    return make


@pytest.fixture
def project(db):
    return services.project_create(name="Newsroom", description="Short news items")


@pytest.fixture
def other_project(db):
    return services.project_create(name="Other team")


@pytest.fixture
def client_for(make_user, project):
    """``client_for(role)``: an HTTP client of a new user with ``role`` in ``project``
    (``role=None``: not a member)."""

    def make(role: str | None, *, in_project=None):
        user = make_user()
        if role is not None:
            services.member_set(project=in_project or project, user=user, role=role)
        client = bearer_client(user)
        client.user = user
        return client

    return make


@pytest.fixture
def manager(client_for):
    return client_for(Role.MANAGER)


@pytest.fixture
def reader(client_for):
    return client_for(Role.READ_ONLY)


@pytest.fixture
def session_factory(project, make_user):
    """``make(type=…, documents=[old-shape dicts or vendor Documents])``: a session of
    ``type`` (the project takes that type). Documents that fit the type go through the
    service; those of the old meaning that fit no vendor type (LABEL's named-entity
    spans) are written as migration 0010 keeps them."""
    owner = make_user("annotator")

    def make(*, name="Batch", type="CLASS", documents=None, in_project=None):
        target = in_project or project
        if target.type != type:
            TextProject.objects.filter(pk=target.pk).update(type=type)
            target.type = type
        documents = documents if documents is not None else class_documents(per_class=12)
        vendor = [d if isinstance(d, Document) else as_vendor([d], type=type)[0] for d in documents]
        if not labeling.documents_problems(vendor, type=type):
            return labeling.labeling_session_create(
                project=target, name=name, owner=owner, documents=vendor
            )
        session = LabelingSession.objects.create(
            project=target, name=name, type=type, owner=owner, document_count=len(vendor)
        )
        documents_add(session=session, documents=vendor)
        return session

    return make


@pytest.fixture
def session(session_factory):
    return session_factory(name="Batch 1")


@pytest.fixture
def model_factory(project, make_user):
    """A model row in any status, without training it."""
    owner = make_user("trainer")
    counter = iter(range(1, 10_000))

    def make(*, status=Status.READY, in_project=None, **extra):
        number = next(counter)
        return TextModel.objects.create(
            project=in_project or project,
            name=extra.pop("name", f"model-{number}"),
            display_name=extra.pop("display_name", f"Model {number}"),
            type=extra.pop("type", "CLASS"),
            language=extra.pop("language", "en"),
            owner=owner,
            status=status,
            **extra,
        )

    return make
