"""The dashboard in the person's language: chosen by the browser's Accept-Language,
switched in the page header, remembered with the account; numbers in the
language's formats; the training services asked to answer in it too."""

from __future__ import annotations

import pytest
import responses as responses_lib
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests import factories
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.apiclient.errors import ApiValidationError
from trainer.dashboard.models import Role, UserPreferences
from trainer.dashboard.text.forms import SessionUploadForm

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "fr"]


def translated(language: str, text: str) -> str:
    """``text`` as the catalog of ``language`` has it, as a page shows it (escaped);
    a text without a translation fails the test."""
    with translation.override(language):
        result = translation.gettext(text)
    assert result != text, f"{text!r} has no translation in {language}"
    return escape(result)


@pytest.fixture
def project(db):
    return factories.make_project(name="Support inbox")


@pytest.fixture
def annotator(project):
    return factories.make_member(project=project, role=Role.ANNOTATOR, username="ana")


def browser(user, accept_language: str | None = None) -> Client:
    """A new browser, signed in as ``user``, sending ``accept_language``."""
    headers = {"Accept-Language": accept_language} if accept_language else {}
    client = Client(headers=headers)
    client.force_login(user)
    return client


def page_language(response) -> str:
    return response.headers["Content-Language"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_project_page_shows_the_navigation_in_the_browser_language(
    language, project, annotator
):
    response = browser(annotator, language).get(reverse("dashboard:project", args=[project.pk]))
    html = response.content.decode()
    assert page_language(response) == language
    assert f'<html lang="{language}" dir="ltr">' in html
    for text in ("Skip to content", "Log out", "Language", "Projects", "Models"):
        assert translated(language, text) in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_upload_form_shows_its_labels_and_help_in_the_browser_language(
    language, project, annotator
):
    url = reverse("dashboard:session-upload", args=[project.pk])
    html = browser(annotator, language).get(url).content.decode()
    # (words that read alike in English, German or French, such as "Name", are left out)
    for text in ("File", "Labeled data", "Upload"):
        assert translated(language, text) in html


def test_english_is_the_default_language(project, annotator):
    response = browser(annotator).get(reverse("dashboard:home"))
    assert page_language(response) == "en"
    assert "Log out" in response.content.decode()


def test_a_regional_accept_language_chooses_its_language(project, annotator):
    response = browser(annotator, "fr-CH, en;q=0.5").get(reverse("dashboard:home"))
    assert page_language(response) == "fr"


def test_the_log_in_page_follows_the_browser_language(db):
    response = Client(headers={"Accept-Language": "de"}).get(reverse("login"))
    assert page_language(response) == "de"
    assert translated("de", "Log in") in response.content.decode()


def test_the_switch_in_the_header_changes_the_language_and_returns_to_the_page(project, annotator):
    client = browser(annotator, "en")
    page = reverse("dashboard:project", args=[project.pk])
    response = client.post(reverse("dashboard:language"), {"language": "de", "next": page})
    assert response.status_code == 302
    assert response.headers["Location"] == page
    assert page_language(client.get(page)) == "de"


def test_the_switch_is_remembered_for_the_person_in_another_browser(project, annotator):
    browser(annotator, "en").post(reverse("dashboard:language"), {"language": "fr"})
    assert UserPreferences.objects.get(user=annotator).language == "fr"

    elsewhere = browser(annotator, "de")
    assert page_language(elsewhere.get(reverse("dashboard:home"))) == "fr"


def test_the_chosen_language_is_not_anyone_elses(project, annotator):
    browser(annotator).post(reverse("dashboard:language"), {"language": "fr"})
    other = factories.make_member(project=project, role=Role.READ_ONLY)
    assert page_language(browser(other, "de").get(reverse("dashboard:home"))) == "de"


def test_a_visitor_who_is_not_signed_in_switches_with_a_cookie_only(db):
    client = Client()
    client.post(reverse("dashboard:language"), {"language": "de", "next": reverse("login")})
    assert page_language(client.get(reverse("login"))) == "de"
    assert not UserPreferences.objects.exists()


def test_an_unknown_language_changes_nothing(project, annotator):
    client = browser(annotator)
    client.post(reverse("dashboard:language"), {"language": "xx"})
    assert page_language(client.get(reverse("dashboard:home"))) == "en"
    assert not UserPreferences.objects.exists()


def test_the_switch_never_sends_the_person_to_another_site(project, annotator):
    response = browser(annotator).post(
        reverse("dashboard:language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_the_switch_is_a_post_with_the_csrf_token(project, annotator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(annotator)
    assert client.post(reverse("dashboard:language"), {"language": "de"}).status_code == 403


@pytest.mark.parametrize(
    ("language", "progress", "score"),
    [("en", "42%", "0.875"), ("de", "42\u00a0%", "0,875"), ("fr", "42\u202f%", "0,875")],
)
def test_progress_and_scores_are_written_in_the_language_formats(
    language, progress, score, project, annotator
):
    training = factories.make_model(project=project, status="TRAINING", progress=42.0)
    ready = factories.make_model(project=project, status="READY", score=0.875)
    client = browser(annotator, language)

    def status(model) -> str:
        url = reverse("dashboard:model-status", args=[project.pk, model.pk])
        return client.get(url).content.decode()

    assert f'<span class="progress-text">{progress}</span>' in status(training)
    assert f"<strong>{score}</strong>" in status(ready)


def test_the_client_asks_the_service_to_answer_in_the_active_language(settings):
    client = DeepOpinionClient.from_settings()
    with responses_lib.RequestsMock() as api:
        api.get(f"{settings.TRAINER_API_URL.rstrip('/')}/projects", json=[])
        with translation.override("de"):
            client.list_projects()
        assert api.calls[0].request.headers["Accept-Language"] == "de"


def test_a_service_error_about_a_field_the_form_lacks_is_named_in_the_person_language():
    form = SessionUploadForm(data={})
    form.is_valid()
    error = ApiValidationError(field_errors={"documents": ["Line 3: no label."]})
    with translation.override("de"):
        form.add_api_errors(error)
        shown = form.non_field_errors()[0]
    assert shown == f"{translated('de', 'Documents in the file')}: Line 3: no label."


def test_a_service_error_about_a_field_of_the_form_is_shown_at_that_field():
    form = SessionUploadForm(data={})
    form.is_valid()
    form.add_api_errors(ApiValidationError(field_errors={"file": ["Not UTF-8."]}))
    assert form.errors["file"][-1] == "Not UTF-8."
    assert not form.non_field_errors()


def test_an_arabic_session_name_reads_right_to_left_in_a_left_to_right_page(project, annotator):
    factories.make_session(project=project, name="مراجعات الفنادق", type="ABSA")
    html = browser(annotator, "de").get(reverse("dashboard:project", args=[project.pk]))
    html = html.content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert '<span dir="auto">مراجعات الفنادق</span>' in html
