"""Signed-in requests read their user from the shared cache, and every change to the
user (deactivation, a new password, deletion) reaches the very next request."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trainer.dashboard import caching
from trainer.dashboard.backends import CachedModelBackend, user_cache_key

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _cached_backend(settings):
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "trainer.dashboard.backends.CachedModelBackend",
    ]


@pytest.fixture
def poll_url(project):
    model = factories.make_model(project=project)
    return reverse("dashboard:model-status", args=[project.pk, model.pk])


def _user_reads(queries) -> list[str]:
    table = connection.ops.quote_name("auth_user")
    return [q["sql"] for q in queries.captured_queries if f"FROM {table}" in q["sql"]]


def _signed_in(user) -> Client:
    """Signed in, and some seconds later: the mark the sign-in left (it saves the
    user's last_login) has expired."""
    client = Client()
    client.force_login(user)
    cache.delete(user_cache_key(user.pk))
    return client


def _is_signed_in(client, poll_url) -> bool:
    return client.get(poll_url, headers=HTMX).wsgi_request.user.is_authenticated


def test_only_the_first_request_of_a_user_reads_it_from_the_database(reader, poll_url):
    client = _signed_in(reader)

    with CaptureQueriesContext(connection) as first:
        assert client.get(poll_url, headers=HTMX).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(poll_url, headers=HTMX).status_code == 200

    assert len(_user_reads(first)) == 1
    assert _user_reads(second) == []


def test_a_deactivated_user_is_signed_out_at_the_next_request(
    reader, poll_url, django_capture_on_commit_callbacks
):
    client = _signed_in(reader)
    assert _is_signed_in(client, poll_url)

    with django_capture_on_commit_callbacks(execute=True):
        reader.is_active = False
        reader.save()

    assert not _is_signed_in(client, poll_url)


def test_a_new_password_signs_out_the_other_sessions(
    reader, poll_url, django_capture_on_commit_callbacks
):
    elsewhere = _signed_in(reader)
    assert _is_signed_in(elsewhere, poll_url)

    with django_capture_on_commit_callbacks(execute=True):
        reader.set_password("a-new-long-passphrase")
        reader.save()

    assert not _is_signed_in(elsewhere, poll_url)


def test_a_deleted_user_is_signed_out_at_the_next_request(
    reader, poll_url, django_capture_on_commit_callbacks
):
    client = _signed_in(reader)
    assert _is_signed_in(client, poll_url)

    with django_capture_on_commit_callbacks(execute=True):
        reader.delete()

    assert not _is_signed_in(client, poll_url)


def test_a_user_read_just_before_a_change_is_not_cached_after_it(reader, django_assert_num_queries):
    key = user_cache_key(reader.pk)
    read_before = User.objects.get(pk=reader.pk)
    caching.forget([key])  # the change, committed meanwhile
    caching.keep(key, read_before, 300)  # the late reader

    with django_assert_num_queries(1):
        CachedModelBackend().get_user(reader.pk)
