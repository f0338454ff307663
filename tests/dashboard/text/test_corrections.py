"""Correction sessions on the dashboard: the project page's row of one (its model and
status, polled while the model pre-labels), making one from a model's page (who may,
what is sent, a refusal shown on the form), with the service mocked at the HTTP
boundary."""

import pytest
from django.urls import reverse

from tests import factories
from trainer.dashboard.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator(project):
    return factories.make_member(project=project, role=Role.ANNOTATOR, username="annotator")


@pytest.fixture
def model(project):
    return factories.make_model(project=project, remote_id=40, status="READY")


def _correction(project, model, **extra):
    return factories.make_session(
        project=project, mode="CORRECTION", model=model, name="Check v1", **extra
    )


def test_the_project_page_shows_a_correction_session_with_its_model_and_status(
    client, annotator, project, model
):
    session = _correction(project, model, status="ANNOTATING")
    client.force_login(annotator)

    page = client.get(reverse("dashboard:project", args=[project.pk])).text

    assert reverse("dashboard:model", args=[project.pk, model.pk]) in page
    assert "Ready to correct" in page
    assert f'href="{reverse("dashboard:session-label", args=[project.pk, session.pk])}"' in page
    assert ">Correct</a>" in page


def test_a_correction_session_row_polls_while_the_model_pre_labels_and_stops_after(
    client, annotator, project, model
):
    session = _correction(project, model, status="PREDICTING")
    row = reverse("dashboard:session-row", args=[project.pk, session.pk])
    client.force_login(annotator)

    predicting = client.get(row)
    session.status = "ANNOTATING"
    session.save(update_fields=["status"])
    ready = client.get(row)

    assert (predicting.status_code, f'hx-get="{row}"' in predicting.text) == (200, True)
    assert (ready.status_code, f'hx-get="{row}"' in ready.text) == (286, False)
