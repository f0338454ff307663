"""PUT /projects/{p}/models/{m}: the vendor's way to rename, describe and step the status."""

import pytest

from trainer.textapi.models import Role, Status

from .helpers import assert_error, url


def _put(client, model, body):
    return client.put(
        url(f"projects/{model.project_id}/models/{model.pk}"),
        data=body,
        content_type="application/json",
    )


def test_a_manager_changes_the_display_name_and_the_descriptions(manager, model_factory):
    model = model_factory()

    response = _put(
        manager,
        model,
        {
            "display_name": "Newsroom topics",
            "short_description": "Topics of short news",
            "long_description": "Trained on the March batch.",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["display_name"], body["short_description"], body["long_description"]) == (
        "Newsroom topics",
        "Topics of short news",
        "Trained on the March batch.",
    )
    model.refresh_from_db()
    assert model.display_name == "Newsroom topics"


def test_a_description_may_be_emptied(manager, model_factory):
    model = model_factory(short_description="Old words")

    body = _put(manager, model, {"short_description": ""}).json()

    assert body["short_description"] == ""


def test_fields_left_out_stay_as_they_are(manager, model_factory):
    model = model_factory(display_name="Topics", long_description="Kept")

    body = _put(manager, model, {"short_description": "New"}).json()

    assert (body["display_name"], body["long_description"]) == ("Topics", "Kept")


def test_the_read_only_fields_of_a_model_are_ignored(manager, model_factory):
    model = model_factory(name="topics")
    answered = manager.get(url(f"projects/{model.project_id}/models/{model.pk}")).json()

    body = _put(manager, model, {**answered, "name": "renamed", "score": 1.0}).json()

    assert (body["name"], body["score"]) == ("topics", None)


def test_a_manager_activates_a_ready_model(manager, model_factory):
    model = model_factory(status=Status.READY)

    body = _put(manager, model, {"status": "ACTIVE"}).json()

    assert body["status"] == Status.ACTIVE


def test_a_manager_publishes_an_active_model(manager, model_factory):
    model = model_factory(status=Status.ACTIVE)

    body = _put(manager, model, {"status": "PUBLISHED"}).json()

    assert body["status"] == Status.PUBLISHED


def test_the_status_the_model_has_is_no_change(manager, model_factory):
    model = model_factory(status=Status.ACTIVE)

    response = _put(manager, model, {"status": "ACTIVE"})

    assert response.status_code == 200
    assert response.json()["status"] == Status.ACTIVE


def test_a_ready_model_cannot_skip_to_published(manager, model_factory):
    model = model_factory(status=Status.READY)

    response = _put(manager, model, {"status": "PUBLISHED"})

    assert_error(response, 409)
    model.refresh_from_db()
    assert model.status == Status.READY


@pytest.mark.parametrize(
    ("status", "to"),
    [(Status.ACTIVE, "READY"), (Status.TRAINING, "READY"), (Status.READY, "FAILED")],
)
def test_a_status_outside_the_managers_steps_is_a_conflict(manager, model_factory, status, to):
    model = model_factory(status=status)

    assert_error(_put(manager, model, {"status": to}), 409)


def test_a_refused_status_change_keeps_the_other_changes_out_too(manager, model_factory):
    model = model_factory(status=Status.TRAINING, display_name="Topics")

    _put(manager, model, {"display_name": "Renamed", "status": "ACTIVE"})

    model.refresh_from_db()
    assert (model.display_name, model.status) == ("Topics", Status.TRAINING)


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_below_manager_the_change_is_refused_with_the_vendors_sentence(
    client_for, model_factory, role
):
    model = model_factory(display_name="Topics")

    response = _put(client_for(role), model, {"display_name": "Renamed"})

    body = assert_error(response, 403)
    assert body["detail"] == ("User is read-only or does not have the minimal project role MANAGER")
    model.refresh_from_db()
    assert model.display_name == "Topics"


def test_a_non_member_does_not_learn_that_the_model_exists(client_for, model_factory):
    model = model_factory()

    assert_error(_put(client_for(None), model, {"display_name": "Renamed"}), 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"display_name": "  "}, "display_name"),
        ({"display_name": 7}, "display_name"),
        ({"short_description": "x" * 301}, "short_description"),
        ({"long_description": ["not", "text"]}, "long_description"),
        ({"status": "DONE"}, "status"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_wrong_field_is_invalid_and_named(manager, model_factory, body, field):
    model = model_factory()

    assert_error(_put(manager, model, body), 400, field=field)


def test_a_body_that_is_no_object_is_invalid(manager, model_factory):
    assert_error(_put(manager, model_factory(), ["display_name"]), 400)
