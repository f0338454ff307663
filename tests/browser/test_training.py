"""A manager trains a model in the browser: the form sums up the data, the page
follows the training without reloading, the model is activated and published; a
failed training says why."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests import factories
from trainer.dashboard.models import Role, TrainedModel
from trainer.textapi import labeling
from trainer.textapi.documents import from_old_shape
from trainer.textapi.models import TextProject

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAINING_TIMEOUT_MS = 90_000

# Every change of the model card (htmx swaps it while polling) is recorded in the
# page, so that the test sees each state the person saw, however short.
RECORD_CARD_STATES = """() => {
  window.cardStates = [];
  const record = () => {
    const card = document.getElementById("model-card");
    const bar = card.querySelector("progress");
    const status = card.querySelector(".badge").textContent.trim();
    window.cardStates.push([status, bar ? bar.value : null]);
  };
  record();
  new MutationObserver(record).observe(document.querySelector(".model-layout"), {childList: true});
  window.notReloaded = true;
}"""


def start_training(page: Page, *, display_name: str, sessions: re.Pattern, clicks: int = 1) -> None:
    page.goto("/")
    page.get_by_role("link", name="Customer support").click()
    page.get_by_role("link", name="Train new model").click()
    page.get_by_label("Display name").fill(display_name)
    pool = page.get_by_role("group", name="Labeling sessions to split automatically")
    for box in pool.get_by_role("checkbox", name=sessions).all():
        box.check()
    page.get_by_role("button", name="Start training").click(click_count=clicks)
    page.wait_for_url(re.compile(r"/models/\d+/$"))


def test_the_training_form_sums_up_the_sessions_and_refuses_one_in_both_sets(live_api, page_as):
    project = factories.make_project(name="Customer support")
    factories.make_member(
        project=project, role=Role.MANAGER, username="planner", password=DEMO_PASSWORD
    )
    for week, documents in ((1, 120), (2, 100), (3, 80)):
        factories.make_session(
            project=project,
            name=f"Support inbox — week {week}",
            documents=documents,
        )
    page = page_as("planner")
    page.goto(f"/projects/{project.pk}/models/new")
    summary = page.get_by_role("region", name="What goes into training")
    expect(summary).to_contain_text("Tick labeling sessions")

    pool = page.get_by_role("group", name="Labeling sessions to split automatically")
    pool.get_by_role("checkbox", name=re.compile("week 1")).check()
    pool.get_by_role("checkbox", name=re.compile("week 2")).check()
    expect(summary.get_by_role("row", name=re.compile("Split automatically"))).to_have_text(
        re.compile(r"Split automatically\s*2\s*220\s*$")
    )

    page.get_by_label("Choose the train set and the test set").check()
    page.get_by_role("group", name="Train set").get_by_role(
        "checkbox", name=re.compile("week 1")
    ).check()
    test_set = page.get_by_role("group", name="Test set")
    test_set.get_by_role("checkbox", name=re.compile("week 3")).check()
    expect(summary.get_by_role("row", name=re.compile("Train set"))).to_contain_text("120")
    expect(summary.get_by_role("row", name=re.compile("Test set"))).to_contain_text("80")
    test_set.get_by_role("checkbox", name=re.compile("week 1")).check()
    expect(summary.get_by_role("alert")).to_contain_text(
        "A session cannot be in the train set and the test set: Support inbox — week 1"
    )


def test_manager_watches_a_training_become_ready_then_activates_and_publishes_it(demo, page_as):
    page = page_as("demo-manager")
    start_training(
        page, display_name="Support topics", sessions=re.compile("Support inbox"), clicks=2
    )
    assert TrainedModel.objects.filter(display_name="Support topics").count() == 1
    page.evaluate(RECORD_CARD_STATES)

    card = page.locator("#model-card")
    expect(card.locator(".badge")).to_have_text("Ready", timeout=TRAINING_TIMEOUT_MS)
    states = page.evaluate("window.cardStates")
    assert page.evaluate("window.notReloaded")
    in_flight = [progress for status, progress in states if progress is not None]
    assert in_flight, f"no progress bar was shown: {states}"
    assert in_flight == sorted(in_flight), states
    assert states[-1] == ["Ready", None]
    expect(card.get_by_text("Metrics on the test set")).to_be_visible()
    # The toast of base.html: the person started this model, and it is ready.
    expect(page.locator(".toast")).to_contain_text("Support topics is ready.", timeout=15_000)

    card.get_by_role("link", name="Activate…").click()
    expect(page.get_by_role("heading", name="Activate “Support topics”?")).to_be_visible()
    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".messages")).to_contain_text("The model is active.")
    expect(card.locator(".badge")).to_have_text("Active")

    card.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("heading", name="Publish “Support topics”?")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("The model is published.")
    expect(card.locator(".badge")).to_have_text("Published")

    page.get_by_role("link", name="Customer support").click()
    activity = page.get_by_role("region", name="Activity")
    expect(activity.get_by_role("listitem")).to_have_count(3)
    expect(activity.get_by_role("listitem").first).to_contain_text(
        "demo-manager published Support topics"
    )


def test_the_progress_bar_moves_and_the_status_changes_without_reloading(live_server, page_as):
    """The demo trains in well under a poll's 2 s; here the mirror moves slowly, as
    the sync task writes it, so each step can be seen in the page."""
    project = factories.make_project(name="Slow project")
    user = factories.make_member(
        project=project, role=Role.MANAGER, username="watcher", password=DEMO_PASSWORD
    )
    model = factories.make_model(
        project=project,
        display_name="Slow model",
        progress=10.0,
        started_by=user,
        created=timezone.now() - timedelta(seconds=75),
    )
    page = page_as("watcher")
    page.goto(f"/projects/{project.pk}/models/{model.pk}/")
    page.evaluate(RECORD_CARD_STATES)
    card = page.locator("#model-card")
    expect(card.locator(".progress-text")).to_have_text("10%")
    expect(card.locator(".elapsed")).to_contain_text(re.compile(r"1(m| min)"))

    TrainedModel.objects.filter(pk=model.pk).update(progress=55.0)
    expect(card.locator(".progress-text")).to_have_text("55%")
    expect(card.locator("progress")).to_have_attribute("value", "55.0")

    now = timezone.now()
    TrainedModel.objects.filter(pk=model.pk).update(
        status="READY", progress=100.0, score=0.91, status_changed_at=now
    )
    expect(card.locator(".badge")).to_have_text("Ready")
    expect(card.locator("progress")).to_have_count(0)
    expect(page.locator(".toast")).to_contain_text("Slow model is ready.", timeout=15_000)
    assert page.evaluate("window.notReloaded")
    assert page.evaluate("window.cardStates") == [
        ["Training", 10],
        ["Training", 55],
        ["Ready", None],
    ]


def test_a_failed_training_shows_the_reason(demo, page_as):
    remote = TextProject.objects.get(name="Customer support")
    labeling.labeling_session_create(
        project=remote,
        name="Billing only",
        owner=None,
        # Not one class tagged: plain texts, which no model can learn from.
        documents=[
            from_old_shape({"text": f"I was charged twice, case {n}.", "classes": []}, type="CLASS")
            for n in range(20)
        ],
    )
    page = page_as("demo-manager")
    page.get_by_role("link", name="Customer support").click()
    page.get_by_role("button", name="Refresh from service").click()
    expect(page.get_by_role("rowheader", name="Billing only")).to_be_visible()

    start_training(page, display_name="Billing only model", sessions=re.compile("Billing only"))
    card = page.locator("#model-card")
    expect(card.locator(".badge")).to_have_text("Failed", timeout=TRAINING_TIMEOUT_MS)
    expect(card.get_by_role("alert")).to_contain_text("has no annotated document")
    page.get_by_role("link", name="Customer support").click()
    row = page.get_by_role("row", name=re.compile("Billing only model"))
    expect(row).to_contain_text("has no annotated document")
