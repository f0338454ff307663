"""End to end: the dashboard's form trains a real model on the embedded service,
with a real Celery worker and beat; the status partial follows it to READY."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from trainer.dashboard.models import LabelingSession, Project, TrainedModel
from trainer.ops.demo_data import DEMO_PROJECTS

from .waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_trains_a_class_model_from_the_form_to_ready(celery_stack, client):
    call_command("demo", "--yes")
    project = Project.objects.get(name="Customer support")
    [demo] = [demo for demo in DEMO_PROJECTS if demo.name == project.name]
    sessions = wait_for(
        lambda: (
            found
            if len(found := list(LabelingSession.objects.filter(project=project)))
            == len(demo.sessions)
            else None
        ),
        timeout=60,
    )

    client.force_login(get_user_model().objects.get(username="demo-manager"))
    form_url = reverse("dashboard:model-new", args=[project.pk])
    assert client.get(form_url).status_code == 200
    response = client.post(
        form_url,
        {
            "display_name": "Support topics e2e",
            "language": "en",
            "mode": "pool",
            "pool_sessions": [session.pk for session in sessions],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    model = TrainedModel.objects.get(project=project, display_name="Support topics e2e")
    status_url = reverse("dashboard:model-status", args=[project.pk, model.pk])

    first = client.get(status_url, headers={"HX-Request": "true"})
    assert first.status_code == 200
    assert 'hx-trigger="every 2s"' in first.content.decode()

    def stopped_polling():
        response = client.get(status_url, headers={"HX-Request": "true"})
        return response if response.status_code == 286 else None

    final = wait_for(stopped_polling, timeout=120)
    assert "hx-trigger" not in final.content.decode()
    model.refresh_from_db()
    assert model.status == "READY", model.error
    assert 0 < model.score <= 1
    assert model.metrics["test_documents"] > 0
    assert model.progress == 100


def test_viewer_cannot_start_training_by_posting_the_form(celery_stack, client):
    call_command("demo", "--yes")
    project = Project.objects.get(name="Customer support")
    client.force_login(get_user_model().objects.get(username="demo-viewer"))
    response = client.post(
        reverse("dashboard:model-new", args=[project.pk]),
        {"display_name": "Sneaky", "language": "en", "mode": "pool"},
    )
    assert response.status_code == 403
    assert not TrainedModel.objects.filter(display_name="Sneaky").exists()


def test_the_demo_manager_logs_in_to_the_text_api_by_e_mail(celery_stack, client):
    call_command("demo", "--yes")

    response = client.post(
        "/api/text/auth/login",
        {"email": "demo-manager@example.com", "password": "demo"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    token = response.json()["auth_token"]
    projects = client.get("/api/text/projects", headers={"Authorization": f"Bearer {token}"})
    assert "Customer support" in {project["name"] for project in projects.json()}
