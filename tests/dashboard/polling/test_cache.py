"""With a shared cache, a poll of an unchanged model reads no database; every change
to a membership or a model still reaches the very next poll."""

from unittest import mock

import pytest
import responses
from django.core.cache import cache
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.backends import user_cache_key
from trainer.dashboard.models import Membership, Role
from trainer.dashboard.polling import cache as poll_cache
from trainer.dashboard.text import services, sync

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    settings.TRAINER_POLL_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "trainer.dashboard.backends.CachedModelBackend",
    ]


@pytest.fixture
def model(project, reader):
    model = factories.make_model(project=project, remote_id=1, status="TRAINING", progress=40.0)
    cache.clear()  # long after: the marks the creations left have expired
    return model


def _poll(client, model, etag=None, project_id=None):
    url = reverse("dashboard:model-status", args=[project_id or model.project_id, model.pk])
    return client.get(
        url, {"fragment": "row"}, headers=HTMX | ({"If-None-Match": etag} if etag else {})
    )


def _watching(client, user, model) -> str:
    """Signed in (the mark of the sign-in expired), one poll made (which caches what
    it read): the ETag it got."""
    client.force_login(user)
    cache.delete(user_cache_key(user.pk))
    return _poll(client, model)["ETag"]


def test_an_unchanged_poll_reads_no_database(client, reader, model, django_assert_num_queries):
    etag = _watching(client, reader, model)

    with django_assert_num_queries(0):
        response = _poll(client, model, etag)

    assert response.status_code == 304


def test_an_unchanged_poll_reads_its_user_role_and_model_in_one_cache_read(client, reader, model):
    etag = _watching(client, reader, model)

    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        response = _poll(client, model, etag)

    assert response.status_code == 304
    assert get_many.call_count == 1


def test_a_removed_member_is_turned_away_by_the_next_poll(
    client, reader, model, django_capture_on_commit_callbacks
):
    etag = _watching(client, reader, model)

    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.get(user=reader, project=model.project).delete()

    assert _poll(client, model, etag).status_code == 404
    assert _poll(client, model).status_code == 404


def test_a_removal_not_yet_committed_already_reaches_polls_in_its_transaction(
    client, reader, model
):
    etag = _watching(client, reader, model)

    Membership.objects.get(user=reader, project=model.project).delete()

    assert _poll(client, model, etag).status_code == 404


def test_a_new_role_reaches_the_next_poll(
    client, reader, model, django_capture_on_commit_callbacks
):
    etag = _watching(client, reader, model)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_set(project=model.project, user=reader, role=Role.MANAGER)

    response = _poll(client, model, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_model_cached_for_its_project_is_not_served_under_another(client, reader, model):
    other = factories.make_project(name="Other")
    factories.make_membership(user=reader, project=other)
    theirs = factories.make_model(project=other, remote_id=2)
    cache.clear()
    _watching(client, reader, model)
    assert _poll(client, theirs).status_code == 200  # both memberships cached

    assert _poll(client, model, project_id=other.pk).status_code == 404


def test_a_sync_pass_publishes_the_new_state_to_the_next_poll(
    client,
    reader,
    model,
    api,
    client_api,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    etag = _watching(client, reader, model)
    api.add(
        responses.GET,
        f"{API}projects/7/models",
        json=[factories.model_json(id=1, uuid=str(model.uuid), status="TRAINING", progress=75.0)],
    )

    with django_capture_on_commit_callbacks(execute=True):
        sync.models_sync_in_flight(client=client_api)
    changed = _poll(client, model, etag)
    with django_assert_num_queries(0):
        unchanged = _poll(client, model, changed["ETag"])

    assert changed.status_code == 200
    assert "75" in changed.content.decode()
    assert unchanged.status_code == 304


def test_what_a_poll_read_before_a_change_is_not_cached_after_it(reader, model):
    poll_cache.forget_member(project_id=model.project_id, user_id=reader.pk)

    poll_cache.keep(
        project_id=model.project_id,
        model_id=model.pk,
        user_id=reader.pk,
        role=Role.READ_ONLY,
        columns=(1,),
    )

    assert (
        poll_cache.read(project_id=model.project_id, model_id=model.pk, user_id=reader.pk) is None
    )


def test_without_a_shared_cache_every_poll_reads_the_database(
    client, reader, model, settings, django_assert_num_queries
):
    settings.TRAINER_POLL_CACHE = False
    etag = _watching(client, reader, model)

    with django_assert_num_queries(1):
        assert _poll(client, model, etag).status_code == 304
