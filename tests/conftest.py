"""Fixtures shared by every test folder."""

import pytest


@pytest.fixture(autouse=True)
def _no_real_secret_in_tests(settings):
    """Tests never use the token generated into var/ for the embedded default."""
    settings.TRAINER_API_TOKEN = "test-dashboard-token"
    settings.TRAINER_API_URL = "http://testserver/api/text/"
    settings.CAPTURE_API_URL = "http://testserver/api/capture/"
    settings.CAPTURE_API_APP_ID = "test-dashboard-app"
    settings.CAPTURE_API_TOKEN = "test-capture-token"
