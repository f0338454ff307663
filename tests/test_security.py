"""Web security of the whole site: login rate limiting, production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]


def _production_env(tmp_path, **extra):
    """The environment of a deployment: none of the test run's own switches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRAINER_"))}
    return env | {"DJANGO_DEBUG": "0", "TRAINER_VAR_DIR": str(tmp_path)} | extra


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice", password="correct horse battery")


def _log_in(client, password):
    return client.post(reverse("login"), {"username": "alice", "password": password})


def test_login_is_locked_after_five_failures_even_with_the_right_password(client, alice):
    for _attempt in range(4):
        assert _log_in(client, "wrong").status_code == 200
    assert _log_in(client, "wrong").status_code == 429
    response = _log_in(client, "correct horse battery")
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(client, alice):
    for _attempt in range(4):
        _log_in(client, "wrong")
    assert _log_in(client, "correct horse battery").status_code == 302
    client.logout()
    for _attempt in range(4):
        assert _log_in(client, "wrong").status_code == 200
    assert _log_in(client, "correct horse battery").status_code == 302


def test_locking_one_user_leaves_others_able_to_log_in(client, alice):
    get_user_model().objects.create_user("bob", password="another good password")
    for _attempt in range(6):
        _log_in(client, "wrong")
    response = client.post(
        reverse("login"), {"username": "bob", "password": "another good password"}
    )
    assert response.status_code == 302


def test_deploy_checks_are_clean_in_production_mode(tmp_path):
    env = _production_env(tmp_path, DJANGO_SECURE="1", DJANGO_SECRET_KEY=secrets.token_urlsafe(64))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_flag_the_embedded_defaults(tmp_path):
    """The same check does fail when production settings are missing."""
    env = _production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stdout + result.stderr


def test_a_stranger_locking_a_user_out_from_their_address_leaves_the_user_free_elsewhere(
    client, alice
):
    stranger = {"REMOTE_ADDR": "203.0.113.9"}
    for _attempt in range(6):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"}, **stranger)
    assert _log_in(client, "correct horse battery").status_code == 302


def test_behind_a_proxy_the_lock_out_keys_on_the_address_the_proxy_saw(client, alice, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_ORDER = "right-most"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    # The stranger forges alice's address; the proxy appends the stranger's own.
    stranger = proxy | {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    for _attempt in range(6):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"}, **stranger)

    response = client.post(
        reverse("login"),
        {"username": "alice", "password": "correct horse battery"},
        **proxy | {"HTTP_X_FORWARDED_FOR": "198.51.100.7"},
    )

    assert response.status_code == 302
    locked = client.post(
        reverse("login"), {"username": "alice", "password": "correct horse battery"}, **stranger
    )
    assert locked.status_code == 429
