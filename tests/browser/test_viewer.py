"""A read-only member sees the project's pages without manager controls, compares
two models, and a POST forged with a valid CSRF token is refused."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.waiting import wait_for
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import LabelingSession, TrainedModel
from trainer.dashboard.text import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _train(project, *, display_name: str, session_name: str) -> TrainedModel:
    """A training started by the manager through the dashboard's own service."""
    return services.training_start(
        project=project,
        user=get_user_model().objects.get(username="demo-manager"),
        display_name=display_name,
        language="en",
        pool_sessions=LabelingSession.objects.filter(project=project, name__endswith=session_name),
        client=DeepOpinionClient.from_settings(),
    )


def _ready(model: TrainedModel) -> TrainedModel:
    return wait_for(
        lambda: TrainedModel.objects.filter(pk=model.pk, status="READY").first(), timeout=90
    )


def test_viewer_sees_the_pages_without_manager_controls_and_cannot_forge_a_post(demo, page_as):
    first = _ready(_train(demo, display_name="Topics week 1", session_name="week 1"))
    second = _ready(_train(demo, display_name="Topics week 2", session_name="week 2"))

    page = page_as("demo-viewer")
    page.get_by_role("link", name="Customer support").click()
    models = page.get_by_role("region", name=re.compile("^Models"))
    expect(models.get_by_role("link", name="Topics week 2")).to_be_visible()
    expect(page.get_by_role("link", name="Train new model")).to_have_count(0)
    expect(page.get_by_role("button", name="Refresh from service")).to_have_count(0)

    page.get_by_role("link", name="Compare models").click()
    comparison = page.get_by_role("table", name="The two models side by side")
    expect(comparison.get_by_role("columnheader", name="Topics week 1")).to_be_visible()
    expect(comparison.get_by_role("columnheader", name="Topics week 2")).to_be_visible()
    expect(comparison.get_by_role("row", name="Training data")).to_contain_text(
        "Support inbox — week 2"
    )
    expect(comparison.get_by_role("row", name="Trained by")).to_contain_text("demo-manager")
    expect(page.get_by_role("table", name="Per class: F1")).to_contain_text("billing")

    page.get_by_role("link", name="Topics week 1").click()
    card = page.locator("#model-card")
    expect(card.locator(".badge")).to_have_text("Ready")
    expect(card.get_by_role("link", name="Activate…")).to_have_count(0)
    expect(card.get_by_role("link", name="Delete…")).to_have_count(0)

    # The logout form gives the viewer a valid token; the role still decides.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    activate = f"/projects/{demo.pk}/models/{first.pk}/activate"
    response = page.request.post(
        activate, form={"csrfmiddlewaretoken": token}, headers={"X-CSRFToken": token}
    )
    assert response.status == 403
    response = page.request.post(
        f"/projects/{demo.pk}/models/new",
        form={
            "csrfmiddlewaretoken": token,
            "display_name": "Sneaky",
            "language": "en",
            "mode": "pool",
            "pool_sessions": str(second.pk),
        },
    )
    assert response.status == 403
    first.refresh_from_db()
    assert first.status == "READY"
    assert not TrainedModel.objects.filter(display_name="Sneaky").exists()
