"""End to end: after ``manage.py demo`` a newcomer finds a project of every model type,
with labeled data of that type, and a first trained model to try."""

import pytest
from django.core.management import call_command

from trainer.dashboard.models import Project, TrainedModel
from trainer.learning.documents import problem
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
