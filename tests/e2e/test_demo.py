"""End to end: after ``manage.py demo`` a newcomer finds a project of every model type,
with labeled data of that type, and a first trained model to try."""

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from trainer.dashboard.models import Project, TrainedModel
from trainer.learning.documents import problem
from trainer.textapi import services as text_services
from trainer.textapi.documents import session_documents
from trainer.textapi.models import LabelingSession, TextModel, TextProject

from .waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_demo_has_a_project_of_every_type_with_data_of_its_type(celery_stack):
    call_command("demo", "--yes")

    projects = {project.type: project for project in TextProject.objects.all()}
    assert set(projects) == {"LABEL", "CLASS", "CLASSLABEL", "ABSA"}
    for project_type, project in projects.items():
        sessions = list(LabelingSession.objects.filter(project=project))
        assert len(sessions) >= 2, project.name
        documents = list(session_documents([session.pk for session in sessions]))
        assert len(documents) >= 200, project.name
        assert all(problem(document, project_type) is None for document in documents)
        assert any(document.tags for document in documents), project.name
    # The dashboard learns every project, with its type, from the service.
    mirrored = wait_for(
        lambda: (
            dict(Project.objects.exclude(type="").values_list("remote_id", "type"))
            if Project.objects.exclude(type="").count() == len(projects)
            else None
        ),
        timeout=60,
    )
    assert mirrored == {project.pk: project.type for project in projects.values()}


def test_the_demo_trains_a_first_model_and_a_second_run_trains_no_other(celery_stack):
    call_command("demo", "--yes")
    call_command("demo", "--yes")

    model = TextModel.objects.get(project__name="Customer support")
    assert model.status == "READY", model.error
    assert 0 < model.score <= 1
    assert model.metrics["test_documents"] > 0
    mirrored = wait_for(
        lambda: TrainedModel.objects.filter(remote_id=model.pk, status="READY").first(),
        timeout=60,
    )
    assert mirrored.project.name == "Customer support"


def test_each_demo_project_has_unlabeled_texts(celery_stack):
    call_command("demo", "--yes")

    for project in TextProject.objects.all():
        unlabeled = LabelingSession.objects.get(project=project, name__endswith="unlabeled")
        assert 30 <= unlabeled.document_count <= 60, project.name
        assert not unlabeled.documents.exclude(status="NOT_ANNOTATED").exists()
        assert not unlabeled.documents.filter(segments__tags__isnull=False).exists()


def test_a_newcomer_corrects_the_demo_models_labels_of_the_unlabeled_texts(celery_stack):
    call_command("demo", "--yes")
    model = TextModel.objects.get(project__name="Customer support")
    manager = get_user_model().objects.get(username="demo-manager")
    _token, raw = text_services.token_create(user=manager, name="e2e")
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {raw}"
    base = f"{settings.TRAINER_API_URL}projects/{model.project_id}/corrections"

    made = api.post(base, json={"model_id": model.pk, "sample_size": 10}, timeout=30)

    assert made.status_code == 201, made.text
    correction = made.json()
    done = wait_for(
        lambda: (
            answer
            if (answer := api.get(f"{base}/{correction['id']}", timeout=30).json())["status"]
            in ("ANNOTATING", "FAILED")
            else None
        ),
        timeout=120,
    )
    assert done["status"] == "ANNOTATING", done["error"]
    assert done["document_count"] == 10
    documents = api.get(f"{base}/{correction['id']}/documents", timeout=30).json()["documents"]
    texts = {
        d.text
        for d in LabelingSession.objects.get(name="Support inbox — unlabeled").documents.all()
    }
    assert {document["text"] for document in documents} <= texts
    first = documents[0]
    segment = first["segments"][0]
    marked = api.post(
        f"{base}/{correction['id']}/documents/{first['id']}/segments/{segment['id']}/statuses",
        json={"name": "ANNOTATED"},
        timeout=30,
    )
    assert (marked.status_code, marked.json()["progress"]) == (201, 10)
