"""Correcting a model's labels on the dashboard against the embedded text service
in-process: a correction session started from the model's page, pre-labeled by the
model, its suggestions confirmed and changed, and the quality signal shown."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.learning.synthetic import class_documents
from tests.security import inprocess
from trainer.celery import app as celery_app
from trainer.dashboard.models import LabelingSession, Role
from trainer.dashboard.text import services as dashboard_services
from trainer.dashboard.text import sync as dashboard_sync
from trainer.learning.documents import Document
from trainer.textapi import labeling
from trainer.textapi import services as text_services
from trainer.textapi.documents import from_old_shape
from trainer.textapi.models import Role as ApiRole
from trainer.textapi.models import SegmentTag

pytestmark = pytest.mark.django_db

UNLABELED = (
    "Heavy rain is falling over Berlin today.",
    "The home side won the match tonight after a late goal.",
    "We met at the station and talked for a while.",
)


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def dashboard(settings, eager_celery):
    """A trained CLASS model of a project with unlabeled texts, mirrored, and the
    browser of an annotator."""
    with inprocess.services_in_process():
        account = get_user_model().objects.create_user("dashboard-account")
        text_services.token_create(user=account, name="dashboard", raw=settings.TRAINER_API_TOKEN)
        remote = text_services.project_create(name="News", type="CLASS")
        text_services.member_set(project=remote, user=account, role=ApiRole.MANAGER)
        labeled = labeling.labeling_session_create(
            project=remote,
            name="Labeled",
            owner=account,
            documents=[from_old_shape(d, type="CLASS") for d in class_documents(per_class=12)],
        )
        model = text_services.training_start(
            project=remote,
            user=account,
            body={"display_name": "Topics", "language": "en", "annotation_ids": [labeled.pk]},
        )
        text_services.model_train(model_id=model.pk)
        labeling.labeling_session_create(
            project=remote, name="Inbox", owner=account, documents=[Document(t) for t in UNLABELED]
        )
        project = dashboard_sync.project_register(remote_id=remote.pk, name="News")
        dashboard_sync.project_sync(
            project=project, client=dashboard_services.DeepOpinionClient.from_settings()
        )
        user = get_user_model().objects.create_user("annotator")
        dashboard_services.membership_set(project=project, user=user, role=Role.ANNOTATOR)
        browser = Client()
        browser.force_login(user)
        browser.model = project.trained_models.get()
        yield browser


def test_an_annotator_corrects_the_models_suggestions(
    dashboard, django_capture_on_commit_callbacks
):
    model = dashboard.model
    with django_capture_on_commit_callbacks(execute=True):
        started = dashboard.post(
            reverse("dashboard:model-correct", args=[model.project.pk, model.pk]),
            {"name": "Check Topics", "sample_size": 2},
        )
    session = LabelingSession.objects.get(name="Check Topics")
    ids = [model.project.pk, session.pk]
    assert started.url == reverse("dashboard:session-label", args=ids)

    page = dashboard.get(started.url).context["page"]
    document, segment = page.document, page.document.segments[0]
    suggested = [tag for tag in segment.tags if tag.suggested]
    assert (page.total, len(suggested) >= 1) == (2, True), segment
    kept, *dropped = suggested
    dashboard.post(
        reverse("dashboard:session-label-tag", args=[*ids, document.id]),
        {"segment": segment.id, "cls": kept.cls, "n": 1},
    )
    for tag in dropped:
        dashboard.post(
            reverse("dashboard:session-label-untag", args=[*ids, document.id, segment.id, tag.id]),
            {"n": 1},
        )
    done = dashboard.post(
        reverse("dashboard:session-label-done", args=[*ids, document.id]), {"n": 1}
    )
    html = dashboard.get(done.url).text

    stored = SegmentTag.objects.filter(segment__document_id=document.id)
    assert [(tag.class_name, tag.status) for tag in stored] == [(kept.cls, "READY")]
    checked = len(suggested)
    assert f"People changed {len(dropped)} of the model's {checked} checked tag" in html
    assert "annotator: 1 document" in html
    assert "1 of 2 documents done" in html


def test_a_correction_sessions_download_holds_the_documents_corrected_with_their_tags(
    dashboard, django_capture_on_commit_callbacks
):
    model = dashboard.model
    with django_capture_on_commit_callbacks(execute=True):
        dashboard.post(
            reverse("dashboard:model-correct", args=[model.project.pk, model.pk]),
            {"name": "Check Topics", "sample_size": 2},
        )
    ids = [model.project.pk, LabelingSession.objects.get(name="Check Topics").pk]
    page = dashboard.get(reverse("dashboard:session-label", args=ids)).context["page"]
    suggested = [tag.cls for tag in page.document.segments[0].tags]
    dashboard.post(reverse("dashboard:session-label-done", args=[*ids, page.document.id]), {"n": 1})

    response = dashboard.get(reverse("dashboard:session-download", args=ids))

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"text": page.document.text, "classes": suggested}
    ]
