"""Fixtures shared by every test folder."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _no_real_secret_in_tests(settings):
    """Tests never use the token generated into var/ for the embedded default."""
    settings.TRAINER_API_TOKEN = "test-dashboard-token"
    settings.TRAINER_API_URL = "http://testserver/api/text/"
    settings.CAPTURE_API_URL = "http://testserver/api/capture/"
    settings.CAPTURE_API_APP_ID = "test-dashboard-app"
    settings.CAPTURE_API_TOKEN = "test-capture-token"


@pytest.fixture(autouse=True)
def _default_install_learners(settings):
    """Models train as the default install trains them, without the optional sentence
    encoder (its own tests ask for it)."""
    settings.TEXTAPI_SENTENCE_ENCODER = False


@pytest.fixture(autouse=True)
def _kept_uploads_in_tmp(settings, tmp_path):
    """The files kept after refused uploads go to the test's own folder."""
    settings.TRAINER_STAGING_DIR = tmp_path / "staging"


@pytest.fixture(autouse=True)
def _default_language_around_each_test():
    """A request in German or French leaves that language active in the thread
    (Django's LocaleMiddleware activates, it never resets): each test starts in the
    default language, and the language it leaves behind is undone."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Each test starts with an empty cache: a user cached by an earlier test, whose
    rows were rolled back, would otherwise stand for a new user given the same id."""
    cache.clear()
