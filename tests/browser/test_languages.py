"""A German-speaking manager sees the dashboard in German from the browser's
language, switches it to French in the page header, and finds French again in
another browser. The words expected are the catalogs' own, so the test follows
the translations."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def words(language: str, *texts: str) -> list[str]:
    with translation.override(language):
        found = [translation.gettext(text) for text in texts]
    assert all(a != b for a, b in zip(found, texts, strict=True)), found
    return found


def starting(text: str) -> re.Pattern:
    """A section heading: its words, then its count."""
    return re.compile(rf"^{re.escape(text)}\b")


def log_in(page: Page, language: str, username: str) -> None:
    user, password, log_in_ = words(language, "Username", "Password", "Log in")
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_label(user).fill(username)
    page.get_by_label(password).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=log_in_, exact=True).click()
    page.wait_for_url("/")


def test_the_project_page_in_german_then_french_remembered_in_another_browser(demo, open_page):
    page = open_page(locale="de-DE")
    log_in(page, "de", "demo-manager")
    page.get_by_role("link", name="Customer support").click()

    models, sessions, train, language = words(
        "de", "Models", "Labeling sessions", "Train new model", "Language"
    )
    with translation.override("de"):
        switch = translation.pgettext("change the page's language", "Switch")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name=starting(models))).to_be_visible()
    expect(page.get_by_role("heading", name=starting(sessions))).to_be_visible()
    expect(page.get_by_role("link", name=train)).to_be_visible()

    header = page.get_by_role("banner")
    header.get_by_label(language).select_option("fr")
    header.get_by_role("button", name=switch).click()

    (models_fr,) = words("fr", "Models")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name=starting(models_fr))).to_be_visible()
    assert page.url.endswith(f"/projects/{demo.pk}/")

    elsewhere = open_page(locale="de-DE")
    log_in(elsewhere, "de", "demo-manager")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "fr")
