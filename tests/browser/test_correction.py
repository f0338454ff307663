"""A manager corrects what a model labeled, in Chromium: from a trained model's page
they start a correction session, wait while the model pre-labels it, confirm the
model's label of one review with its number key, change the label of the next with
another key, and see how many of the model's tags people changed."""

import pytest
from playwright.sync_api import expect

from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import LabelingMark, Project, TrainedModel
from trainer.dashboard.text import sync as dashboard_sync
from trainer.learning.documents import Document
from trainer.textapi import labeling
from trainer.textapi import services as text_services
from trainer.textapi.models import LabelingSession, SegmentTag, TextProject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECT = "Review sentiment"
REVIEWS = (
    "Great battery and a lovely screen, I love it.",
    "Broke after one day, awful build quality.",
    "Terrible support, they never answered me.",
    "Works well, fast delivery, very happy.",
)
TIMEOUT_MS = 60_000


def _trained_model(demo) -> TrainedModel:
    """The demo's sentiment project with a model trained on its two sessions and a few
    reviews nobody labeled yet (what a correction session draws from), mirrored."""
    remote = TextProject.objects.get(name=PROJECT)
    manager = demo.members.get(username="demo-manager")
    sessions = list(LabelingSession.objects.filter(project=remote).order_by("pk"))
    model = text_services.training_start(
        project=remote,
        user=manager,
        body={
            "display_name": "Sentiment v1",
            "language": "en",
            "annotation_ids": [s.pk for s in sessions],
        },
    )
    text_services.model_train(model_id=model.pk)
    labeling.labeling_session_create(
        project=remote,
        name="New reviews",
        owner=manager,
        documents=[Document(text) for text in REVIEWS],
    )
    project = Project.objects.get(name=PROJECT)
    dashboard_sync.project_sync(project=project, client=DeepOpinionClient.from_settings())
    return TrainedModel.objects.get(project=project, remote_id=model.pk)


def _key(page, *, named: bool, name: str) -> str:
    """The number key of the option called ``name`` (``named``) or of another one."""
    for button in page.locator("[data-key]").all():
        if (button.locator("span").inner_text() == name) == named:
            return button.get_attribute("data-key")
    raise AssertionError(f"no such option beside {name}")


def test_manager_corrects_a_models_labels_and_sees_how_many_were_changed(demo, page_as):
    model = _trained_model(demo)
    page = page_as("demo-manager")
    page.goto(f"/projects/{model.project.pk}/models/{model.pk}/")

    page.get_by_role("link", name="Correct with this model…").click()
    page.get_by_label("Name").fill("Check Sentiment v1")
    page.get_by_label("Documents to correct").fill("2")
    page.get_by_role("button", name="Start correcting").click()
    expect(page.get_by_text("Document 1 of 2")).to_be_visible(timeout=TIMEOUT_MS)

    labeling_part = page.locator("#labeling")
    suggested = labeling_part.locator("[data-suggested]")
    confirmed = suggested.get_attribute("data-tag")
    page.keyboard.press(_key(page, named=True, name=confirmed))
    expect(suggested).to_have_count(0)
    expect(labeling_part.locator(f"[data-tag='{confirmed}']")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Document 2 of 2")).to_be_visible()

    changed = suggested.get_attribute("data-tag")
    page.keyboard.press(_key(page, named=False, name=changed))
    expect(suggested).to_have_count(0)
    expect(labeling_part.locator(f"[data-tag='{changed}']")).to_have_count(0)
    page.keyboard.press("Enter")

    expect(page.locator("[data-quality]")).to_contain_text(
        "People changed 1 of the model's 2 checked tags (50 %)."
    )
    expect(page.locator("[data-people]")).to_contain_text("demo-manager: 2 documents")
    marks = LabelingMark.objects.filter(session__name="Check Sentiment v1")
    assert sorted((m.confirmed, m.changed) for m in marks) == [(0, 1), (1, 0)]
    stored = SegmentTag.objects.filter(segment__document__session__name="Check Sentiment v1")
    assert {tag.status for tag in stored} == {"READY"}
