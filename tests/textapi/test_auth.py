from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from trainer.textapi import services
from trainer.textapi.models import ApiToken, Role

from .helpers import assert_error, url


def test_request_without_token_is_unauthorized(db):
    response = Client().get(url("projects"))

    body = assert_error(response, 401)
    assert body["errors"] == {}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_request_with_unknown_token_is_unauthorized(db):
    response = Client(headers={"Authorization": "Bearer not-a-real-token"}).get(url("projects"))

    assert_error(response, 401)


def test_request_with_another_auth_scheme_is_unauthorized(make_user):
    _token, raw = services.token_create(user=make_user(), name="cli")

    response = Client(headers={"Authorization": f"Token {raw}"}).get(url("projects"))

    assert_error(response, 401)


def test_revoked_token_is_unauthorized(make_user):
    token, raw = services.token_create(user=make_user(), name="cli")
    services.token_revoke(token=token)

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))

    assert_error(response, 401)


def test_token_of_inactive_user_is_unauthorized(make_user):
    _token, raw = services.token_create(user=make_user(is_active=False), name="cli")

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))

    assert_error(response, 401)


def test_valid_token_is_accepted(make_user):
    _token, raw = services.token_create(user=make_user(), name="cli")

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))

    assert response.status_code == 200


def test_use_of_a_token_records_when_it_was_last_used(make_user):
    token, raw = services.token_create(user=make_user(), name="cli")

    Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_used_time_is_written_at_most_once_a_minute(make_user):
    token, raw = services.token_create(user=make_user(), name="cli")
    recent = timezone.now() - timedelta(seconds=20)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)

    Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))

    token.refresh_from_db()
    assert token.last_used_at == recent


def test_last_used_time_is_refreshed_after_a_minute(make_user):
    token, raw = services.token_create(user=make_user(), name="cli")
    old = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)

    Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))

    token.refresh_from_db()
    assert token.last_used_at > old


def test_raw_token_is_not_stored(make_user):
    token, raw = services.token_create(user=make_user(), name="cli")

    stored = ApiToken.objects.filter(pk=token.pk).values().get()

    assert raw not in {str(value) for value in stored.values()}
    assert stored["key_prefix"] == raw[:8]


def test_token_create_with_a_given_raw_token_is_idempotent(make_user):
    user = make_user()
    first, raw = services.token_create(user=user, name="demo", raw="demo-token-123")

    second, again = services.token_create(user=user, name="demo", raw="demo-token-123")

    assert second.pk == first.pk
    assert again == raw == "demo-token-123"
    assert ApiToken.objects.count() == 1


def test_token_create_refuses_a_raw_token_of_another_user(make_user):
    services.token_create(user=make_user(), name="demo", raw="shared-token")

    with pytest.raises(ValueError, match="another user"):
        services.token_create(user=make_user(), name="demo", raw="shared-token")


def test_member_set_changes_the_role_of_an_existing_member(project, make_user):
    user = make_user()
    services.member_set(project=project, user=user, role=Role.READ_ONLY)

    membership = services.member_set(project=project, user=user, role=Role.MANAGER)

    assert membership.role == Role.MANAGER
    assert project.members.count() == 1
