"""Polling an unchanged model is cheap: reads only, and 304 with the fragment's ETag;
every poll passes the access gate; a fragment is rendered once per state."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trainer.dashboard.models import Membership, ModelStatus, Role, TrainedModel

HTMX = {"HX-Request": "true"}


@pytest.fixture
def model(project):
    return factories.make_model(project=project, status=ModelStatus.TRAINING)


def _poll(client, model, etag=None, fragment="row", language="en"):
    url = reverse("dashboard:model-status", args=[model.project_id, model.pk])
    headers = HTMX | {"Accept-Language": language} | ({"If-None-Match": etag} if etag else {})
    return client.get(url, {"fragment": fragment}, headers=headers)


def test_the_polled_fragment_carries_an_etag_and_asks_to_be_revalidated(client, reader, model):
    client.force_login(reader)

    response = _poll(client, model)

    assert response.status_code == 200
    assert response["ETag"]
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_polling_an_unchanged_model_is_answered_304_without_writing(client, reader, model):
    client.force_login(reader)
    etag = _poll(client, model)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = _poll(client, model, etag)

    assert response.status_code == 304
    assert response.content == b""
    assert queries.captured_queries
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


def test_the_304_repeats_the_etag_and_asks_to_be_revalidated(client, reader, model):
    client.force_login(reader)
    etag = _poll(client, model)["ETag"]

    response = _poll(client, model, etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert "no-cache" in response["Cache-Control"]


def test_new_progress_gets_a_new_fragment(client, reader, model):
    client.force_login(reader)
    etag = _poll(client, model)["ETag"]
    model.progress = 75.0
    model.save(update_fields=["progress"])

    response = _poll(client, model, etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "75%" in response.content.decode()


def test_a_finished_model_is_answered_286_even_to_an_old_etag(client, reader, model):
    client.force_login(reader)
    etag = _poll(client, model)["ETag"]
    model.status = ModelStatus.READY
    model.save(update_fields=["status"])

    response = _poll(client, model, etag)

    assert response.status_code == 286
    assert "hx-trigger" not in response.content.decode()
    assert not response.has_header("ETag")


def test_the_card_of_a_manager_and_of_a_reader_have_different_etags(
    client, api, project, reader, model
):
    manager = factories.make_member(project=project, role=Role.MANAGER)
    client.force_login(reader)
    reader_etag = _poll(client, model, fragment="card")["ETag"]
    client.force_login(manager)
    client.get(reverse("dashboard:model", args=[project.pk, model.pk]))  # reads /info

    response = _poll(client, model, reader_etag, fragment="card")

    assert response.status_code == 200
    assert "Cancel training" in response.content.decode()


def test_the_row_and_the_card_have_different_etags(client, reader, model):
    client.force_login(reader)

    assert (
        _poll(client, model, fragment="row")["ETag"]
        != _poll(client, model, fragment="card")["ETag"]
    )


def test_an_outsider_with_a_guessed_etag_gets_404(client, reader, outsider, model):
    client.force_login(reader)
    etag = _poll(client, model)["ETag"]
    client.force_login(outsider)

    assert _poll(client, model, etag).status_code == 404


def test_a_removed_member_gets_404_at_once(client, reader, model):
    client.force_login(reader)
    etag = _poll(client, model)["ETag"]
    Membership.objects.filter(user=reader, project=model.project).delete()

    assert _poll(client, model, etag).status_code == 404
    assert _poll(client, model).status_code == 404


def test_a_sync_that_changes_nothing_keeps_the_poll_at_304(client, reader, model):
    TrainedModel.objects.filter(pk=model.pk).update(last_synced_at=timezone.now())
    client.force_login(reader)
    etag = _poll(client, model, fragment="card")["ETag"]
    TrainedModel.objects.filter(pk=model.pk).update(last_synced_at=timezone.now())

    assert _poll(client, model, etag, fragment="card").status_code == 304


def test_a_last_sync_minutes_ago_gets_a_new_fragment_that_says_so(client, reader, model):
    TrainedModel.objects.filter(pk=model.pk).update(last_synced_at=timezone.now())
    client.force_login(reader)
    etag = _poll(client, model, fragment="card")["ETag"]
    TrainedModel.objects.filter(pk=model.pk).update(
        last_synced_at=timezone.now() - timedelta(minutes=2)
    )

    response = _poll(client, model, etag, fragment="card")

    assert response.status_code == 200
    assert "2\N{NO-BREAK SPACE}minutes ago" in response.content.decode()


def test_a_second_poller_gets_the_same_fragment_without_a_second_render(
    client, project, reader, model, django_assert_num_queries
):
    other = factories.make_member(project=project, role=Role.READ_ONLY)
    client.force_login(reader)
    first = _poll(client, model)
    client.force_login(other)

    with django_assert_num_queries(2):  # the user, then the gate and the state
        second = _poll(client, model)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_the_fragment_in_another_language_has_another_etag(client, reader, model):
    client.force_login(reader)
    english = _poll(client, model)["ETag"]

    response = _poll(client, model, english, language="de")

    assert response.status_code == 200
    assert response["ETag"] != english
