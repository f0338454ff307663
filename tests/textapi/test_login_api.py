"""The vendor's log-in: POST /auth/login, GET /auth/status, POST /auth/logout."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from trainer.textapi import services
from trainer.textapi.models import ApiToken

from .helpers import assert_error, url

PASSWORD = "correct horse battery staple"
HERE = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_account(make_user):
    def make(email: str, **extra):
        user = make_user(email=email, **extra)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        return user

    return make


@pytest.fixture
def ada(make_account):
    return make_account("ada@example.com")


def _login(email, password=PASSWORD, *, address=HERE):
    return Client(REMOTE_ADDR=address).post(
        url("auth/login"), {"email": email, "password": password}, content_type="application/json"
    )


def _bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _at(moment):
    """Django's clock stopped at ``moment``."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


# -- log-in ------------------------------------------------------------------------


def test_login_with_the_right_password_answers_a_token(ada):
    response = _login("ada@example.com")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "message", "auth_token"}
    assert body["status"] == "success"
    assert body["auth_token"]


def test_the_token_of_a_login_works_on_the_other_endpoints(ada):
    raw = _login("ada@example.com").json()["auth_token"]

    response = _bearer(raw).get(url("projects"))

    assert response.status_code == 200


def test_login_matches_the_e_mail_in_any_case(ada):
    response = _login("  Ada@Example.COM ")

    assert response.status_code == 200


def test_login_with_a_wrong_password_is_unauthorized(ada):
    response = _login("ada@example.com", "wrong password")

    body = assert_error(response, 401)
    assert "password" in body["detail"]
    assert not ApiToken.objects.exists()


def test_login_with_an_unknown_e_mail_gets_the_answer_of_a_wrong_password(ada):
    unknown = _login("nobody@example.com")

    wrong = _login("ada@example.com", "wrong password")
    assert assert_error(unknown, 401) == assert_error(wrong, 401)


def test_login_of_an_inactive_user_is_unauthorized(make_account):
    make_account("gone@example.com", is_active=False)

    response = _login("gone@example.com")

    assert_error(response, 401)


def test_login_with_a_username_in_place_of_the_e_mail_is_unauthorized(make_account):
    user = make_account("ada@example.com")

    response = _login(user.username)

    assert_error(response, 401)


def test_an_e_mail_shared_by_two_users_logs_neither_in(make_account):
    make_account("team@example.com")
    make_account("team@example.com")

    response = _login("team@example.com")

    assert_error(response, 401)


def test_login_without_e_mail_and_password_names_both_fields(db):
    response = Client().post(url("auth/login"), {}, content_type="application/json")

    body = assert_error(response, 400)
    assert set(body["errors"]) == {"email", "password"}


def test_a_blank_e_mail_is_missing_even_for_a_user_without_an_e_mail(make_account):
    make_account("")

    response = _login("   ")

    assert_error(response, 400, field="email")


@pytest.mark.parametrize("email", ["ada\x00@example.com", "ada\ud800@example.com"])
def test_an_e_mail_no_database_can_look_up_is_refused_naming_it(db, email):
    response = _login(email)

    assert "NUL character" in assert_error(response, 400, field="email")["errors"]["email"][0]


def test_login_is_a_post(db):
    response = Client().get(url("auth/login"))

    assert_error(response, 405)


# -- expiry --------------------------------------------------------------------------


def test_the_token_of_a_login_expires_after_the_configured_time(ada, settings):
    settings.TEXTAPI_TOKEN_TTL_SECONDS = 600
    before = timezone.now()

    _login("ada@example.com")

    token = ApiToken.objects.get()
    assert before + timedelta(seconds=600) <= token.expires_at
    assert token.expires_at <= timezone.now() + timedelta(seconds=600)


def test_a_token_is_accepted_until_it_expires(ada):
    raw = _login("ada@example.com").json()["auth_token"]
    expires_at = ApiToken.objects.get().expires_at

    with _at(expires_at - timedelta(seconds=1)):
        response = _bearer(raw).get(url("projects"))

    assert response.status_code == 200


def test_an_expired_token_is_unauthorized(ada):
    raw = _login("ada@example.com").json()["auth_token"]
    expires_at = ApiToken.objects.get().expires_at

    with _at(expires_at):
        response = _bearer(raw).get(url("projects"))

    body = assert_error(response, 401)
    assert "expired" in body["detail"]


def test_a_token_from_the_token_command_never_expires(ada, capsys):
    call_command("textapi_token", ada.username)
    raw = capsys.readouterr().out.strip()

    with _at(timezone.now() + timedelta(days=3650)):
        response = _bearer(raw).get(url("projects"))

    assert response.status_code == 200
    assert ApiToken.objects.get().expires_at is None


def test_login_deletes_the_users_expired_tokens(ada):
    _login("ada@example.com")
    expired = ApiToken.objects.get()

    with _at(expired.expires_at + timedelta(seconds=1)):
        _login("ada@example.com")

    assert not ApiToken.objects.filter(pk=expired.pk).exists()
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_expiry_migration_keeps_every_token_and_makes_none_expire(make_user):
    executor = MigrationExecutor(connection)
    executor.migrate([("textapi", "0002_model_heartbeat")])
    old_apps = executor.loader.project_state([("textapi", "0002_model_heartbeat")]).apps
    old_apps.get_model("textapi", "ApiToken").objects.create(
        user_id=make_user().pk, name="pasted", key_prefix="ttk_abcd", key_hash="0" * 64
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("textapi"))

    token = ApiToken.objects.get()
    assert (token.name, token.expires_at, token.revoked) == ("pasted", None, False)


# -- status and log-out ----------------------------------------------------------------


def test_status_tells_whose_the_token_is_and_until_when(ada):
    raw = _login("ada@example.com").json()["auth_token"]

    body = _bearer(raw).get(url("auth/status")).json()

    assert body["status"] == "success"
    assert (body["username"], body["email"]) == (ada.username, "ada@example.com")
    assert body["expires_at"] == ApiToken.objects.get().expires_at.isoformat()


def test_status_of_a_pasted_token_has_no_expiry(ada):
    _token, raw = services.token_create(user=ada, name="pasted")

    body = _bearer(raw).get(url("auth/status")).json()

    assert body["expires_at"] is None


def test_status_without_a_token_is_unauthorized(db):
    response = Client().get(url("auth/status"))

    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_status_of_an_expired_token_is_unauthorized(ada):
    raw = _login("ada@example.com").json()["auth_token"]

    with _at(ApiToken.objects.get().expires_at):
        response = _bearer(raw).get(url("auth/status"))

    assert_error(response, 401)


def test_logout_revokes_the_token(ada):
    client = _bearer(_login("ada@example.com").json()["auth_token"])

    logout = client.post(url("auth/logout"))

    assert logout.status_code == 200
    assert logout.json()["status"] == "success"
    assert_error(client.get(url("projects")), 401)


def test_logout_leaves_the_users_other_tokens_working(ada):
    _token, pasted = services.token_create(user=ada, name="pasted")

    _bearer(_login("ada@example.com").json()["auth_token"]).post(url("auth/logout"))

    assert _bearer(pasted).get(url("projects")).status_code == 200


def test_logout_without_a_token_is_unauthorized(db):
    response = Client().post(url("auth/logout"))

    assert_error(response, 401)


# -- lock-out (django-axes) -------------------------------------------------------------


@pytest.fixture
def failure_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_login_is_locked_out_after_the_failure_limit_for_that_user_and_address(ada, failure_limit):
    for _attempt in range(failure_limit):
        _login("ada@example.com", "wrong password")

    response = _login("ada@example.com")

    body = assert_error(response, 429)
    assert "try again later" in body["detail"]
    assert not ApiToken.objects.exists()


def test_the_attempt_that_reaches_the_failure_limit_is_answered_in_json(ada, failure_limit):
    for _attempt in range(failure_limit - 1):
        _login("ada@example.com", "wrong password")

    response = _login("ada@example.com", "wrong password")

    assert_error(response, 429)


def test_a_lock_out_does_not_reach_the_same_user_at_another_address(ada, failure_limit):
    for _attempt in range(failure_limit):
        _login("ada@example.com", "wrong password")

    response = _login("ada@example.com", address=ELSEWHERE)

    assert response.status_code == 200


def test_a_lock_out_does_not_reach_another_user_at_the_same_address(
    ada, make_account, failure_limit
):
    make_account("grace@example.com")
    for _attempt in range(failure_limit):
        _login("ada@example.com", "wrong password")

    response = _login("grace@example.com")

    assert response.status_code == 200


def test_failures_at_unknown_e_mails_lock_out_that_e_mail_too(db, failure_limit):
    for _attempt in range(failure_limit):
        _login("nobody@example.com", "wrong password")

    response = _login("nobody@example.com", "wrong password")

    assert_error(response, 429)


def test_a_successful_login_starts_the_failure_count_again(ada, failure_limit):
    for _attempt in range(failure_limit - 1):
        _login("ada@example.com", "wrong password")
    _login("ada@example.com")
    for _attempt in range(failure_limit - 1):
        _login("ada@example.com", "wrong password")

    response = _login("ada@example.com")

    assert response.status_code == 200
