"""``make screenshots``: PNGs of the main pages in ``var/screenshots/`` for the README,
taken by the browser tests' Chromium on the same live stack (demo data, two trained
models). Not collected by the test run (no ``test_`` prefix in the file name)."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import ROOT
from tests.e2e.waiting import wait_for
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import LabelingSession, TrainedModel
from trainer.dashboard.text import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = ROOT / "var" / "screenshots"


def _trained(project, *, display_name: str, sessions: str) -> TrainedModel:
    model = services.training_start(
        project=project,
        user=get_user_model().objects.get(username="demo-manager"),
        display_name=display_name,
        language="en",
        pool_sessions=LabelingSession.objects.filter(project=project, name__regex=sessions),
        client=DeepOpinionClient.from_settings(),
    )
    return wait_for(
        lambda: TrainedModel.objects.filter(pk=model.pk, status="READY").first(), timeout=90
    )


def test_screenshots_of_the_main_pages(demo, page_as):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    first = _trained(demo, display_name="Support topics (week 1)", sessions="week 1$")
    second = _trained(demo, display_name="Support topics (weeks 1–3)", sessions="week")
    page = page_as("demo-manager")

    def shoot(name: str) -> None:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)

    page.get_by_role("link", name=f"{second.display_name}").first.click()
    page.get_by_role("link", name="Activate…").click()
    page.get_by_role("button", name="Activate").click()
    page.goto("/")
    shoot("home")

    page.get_by_role("link", name="Customer support").click()
    shoot("project")

    page.get_by_role("link", name="Train new model").click()
    page.get_by_label("Display name").fill("Support topics (week 2)")
    pool = page.get_by_role("group", name="Labeling sessions to split automatically")
    pool.get_by_role("checkbox", name=re.compile("week 2")).check()
    page.get_by_role("row", name=re.compile("Split automatically")).wait_for()
    shoot("training-form")

    page.goto(f"/projects/{demo.pk}/models/{second.pk}/")
    shoot("model")

    page.goto(f"/projects/{demo.pk}/models/compare?first={first.pk}&second={second.pk}")
    shoot("compare")

    page.goto(f"/projects/{demo.pk}/models/{second.pk}/")
    page.get_by_role("link", name="Correct with this model…").click()
    page.get_by_label("Documents to correct").fill("10")
    page.get_by_role("button", name="Start correcting").click()
    page.get_by_text("Document 1 of 10").wait_for(timeout=90_000)
    page.keyboard.press("Enter")
    page.get_by_text("Document 2 of 10").wait_for()
    shoot("correction")

    page.goto("/")
    page.get_by_role("link", name="Review opinions").click()
    march = page.get_by_role("row", name=re.compile("Reviews — March"))
    march.get_by_role("link", name="Label").click()
    page.get_by_text("Document 1 of").wait_for()
    shoot("labeling")
