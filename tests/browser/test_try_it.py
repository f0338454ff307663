"""A read-only member tries a trained model in the browser: the results come in
without a reload, each text with the tags the model gave it in words; the project page
charts the model's score."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.waiting import wait_for
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import LabelingSession, TrainedModel
from trainer.dashboard.text import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_viewer_tries_a_model_and_sees_its_score_on_the_chart(demo, page_as):
    model = services.training_start(
        project=demo,
        user=get_user_model().objects.get(username="demo-manager"),
        display_name="Support topics",
        language="en",
        pool_sessions=LabelingSession.objects.filter(project=demo),
        client=DeepOpinionClient.from_settings(),
    )
    wait_for(lambda: TrainedModel.objects.filter(pk=model.pk, status="READY").first(), timeout=90)

    page = page_as("demo-viewer")
    page.goto(f"/projects/{demo.pk}/models/{model.pk}/")
    page.evaluate("window.notReloaded = true")
    try_it = page.get_by_role("region", name="Try it")
    try_it.get_by_label("Texts, one a line").fill(
        "I was charged twice for my invoice.\nThe app crashes on my iPhone."
    )
    try_it.get_by_role("button", name="Try").click()

    results = page.get_by_role("list", name="What the model found")
    expect(results.get_by_role("listitem")).to_have_count(2)
    first = results.get_by_role("listitem").first
    expect(first.locator(".try-result__text")).to_have_text("I was charged twice for my invoice.")
    # A document-level type's answer is the whole text's tags, on a line of words.
    expect(first.locator(".try-result__tags")).to_contain_text("Whole text:")
    expect(first.locator(".try-result__tags .badge")).to_have_text(["billing"])
    expect(page.get_by_role("heading", name="What the model found")).to_be_focused()
    assert page.evaluate("window.notReloaded")

    page.get_by_role("link", name="Customer support").click()
    chart = page.get_by_role("img", name="Scores of the models over time")
    expect(chart).to_be_visible()
    scored = TrainedModel.objects.filter(project=demo, score__isnull=False).count()
    expect(chart.locator("circle")).to_have_count(scored)
