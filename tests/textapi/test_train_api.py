import json

import pytest

from trainer.textapi.models import Role, Status, TextModel

from .helpers import MODEL_REQUIRED_FIELDS, assert_error, post_json, url


@pytest.fixture
def train(manager, project):
    def post(body):
        return post_json(manager, f"projects/{project.pk}/models", body)

    return post


@pytest.fixture
def base_model(db):
    return TextModel.objects.create(
        is_base=True, name="news-base", type="CLASS", language="en", status=Status.READY
    )


def test_train_answers_201_with_the_created_model(train, manager, project, session):
    response = train({"name": "news-v1", "display_name": "News v1", "annotation_ids": [session.pk]})

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= MODEL_REQUIRED_FIELDS
    assert body["project_id"] == project.pk
    assert body["name"] == "news-v1"
    assert body["display_name"] == "News v1"
    assert body["owner"] == manager.user.username
    assert body["score"] is None


def test_train_creates_the_model_queued(train, session):
    body = train({"annotation_ids": [session.pk]}).json()

    assert body["status"] == Status.QUEUED
    assert TextModel.objects.get(pk=body["id"]).status == Status.QUEUED


def test_train_takes_the_type_from_the_sessions_and_the_language_from_the_body(train, session):
    body = train({"trainset_annotation_ids": [session.pk], "language": "de"}).json()

    assert (body["type"], body["language"]) == ("CLASS", "de")


def test_train_without_a_language_is_in_english(train, session):
    assert train({"annotation_ids": [session.pk]}).json()["language"] == "en"


def test_train_queues_the_training_task_once_committed(
    train, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        train({"annotation_ids": [session.pk]})

    assert len(callbacks) == 1


def test_train_without_name_generates_a_unique_one(train, session):
    first = train({"annotation_ids": [session.pk]}).json()["name"]
    second = train({"annotation_ids": [session.pk]}).json()["name"]

    assert first
    assert first != second


def test_train_display_name_defaults_to_the_name(train, session):
    body = train({"name": "plain-name", "annotation_ids": [session.pk]}).json()

    assert body["display_name"] == "plain-name"


def test_train_records_the_selected_sessions(train, session_factory):
    train_set, test_set = session_factory(), session_factory()

    body = train(
        {"trainset_annotation_ids": [train_set.pk], "testset_annotation_ids": [test_set.pk]}
    ).json()

    model = TextModel.objects.get(pk=body["id"])
    assert (model.trainset_ids, model.testset_ids) == ([train_set.pk], [test_set.pk])


def test_train_ignores_train_and_test_sets_when_annotation_ids_are_given(train, session):
    response = train(
        {
            "annotation_ids": [session.pk],
            "trainset_annotation_ids": [session.pk],
            "testset_annotation_ids": [session.pk],
        }
    )

    assert response.status_code == 201


def test_train_with_base_model_names_it_in_the_answer(train, session, base_model):
    body = train({"annotation_ids": [session.pk], "base_id": base_model.pk}).json()

    assert body["base"] == base_model.name


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_member_below_manager_cannot_train(client_for, project, session, role):
    client = client_for(role)

    response = post_json(client, f"projects/{project.pk}/models", {"annotation_ids": [session.pk]})

    assert_error(response, 403)
    assert not TextModel.objects.exists()


def test_owner_can_train(client_for, project, session):
    client = client_for(Role.OWNER)

    response = post_json(client, f"projects/{project.pk}/models", {"annotation_ids": [session.pk]})

    assert response.status_code == 201


def test_non_member_cannot_train(client_for, project, session):
    client = client_for(None)

    response = post_json(client, f"projects/{project.pk}/models", {"annotation_ids": [session.pk]})

    assert_error(response, 404)


def test_train_body_that_is_not_json_is_invalid(manager, project):
    response = manager.post(
        url(f"projects/{project.pk}/models"), data="{not json", content_type="application/json"
    )

    assert_error(response, 400)


@pytest.mark.parametrize("body", [[], "text", 3, None])
def test_train_body_that_is_not_an_object_is_invalid(manager, project, body):
    response = manager.post(
        url(f"projects/{project.pk}/models"), data=json.dumps(body), content_type="application/json"
    )

    assert_error(response, 400)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"colour": "red", "annotation_ids": [1]}, "colour"),
        ({"display_name": 5, "annotation_ids": [1]}, "display_name"),
        ({"name": "   ", "annotation_ids": [1]}, "name"),
        ({"name": "x" * 101, "annotation_ids": [1]}, "name"),
        ({"language": "fr", "annotation_ids": [1]}, "language"),
        ({"base_id": "1", "annotation_ids": [1]}, "base_id"),
        ({"base_id": 0, "annotation_ids": [1]}, "base_id"),
        ({"base_id": True, "annotation_ids": [1]}, "base_id"),
        ({"annotation_ids": 1}, "annotation_ids"),
        ({"annotation_ids": [0]}, "annotation_ids"),
        ({"annotation_ids": ["1"]}, "annotation_ids"),
        ({"annotation_ids": [1.5]}, "annotation_ids"),
        ({"trainset_annotation_ids": [-3]}, "trainset_annotation_ids"),
        (
            {"trainset_annotation_ids": [1], "testset_annotation_ids": [2**64]},
            "testset_annotation_ids",
        ),
        ({}, "annotation_ids"),
        ({"annotation_ids": [], "trainset_annotation_ids": []}, "trainset_annotation_ids"),
        ({"testset_annotation_ids": [1]}, "annotation_ids"),
    ],
)
def test_train_body_with_a_wrong_field_names_the_field(train, body, field):
    assert_error(train(body), 400, field=field)


def test_train_with_an_unknown_session_names_the_field(train, session):
    body = assert_error(
        train({"annotation_ids": [session.pk, session.pk + 100]}), 400, field="annotation_ids"
    )

    assert str(session.pk + 100) in body["errors"]["annotation_ids"][0]


def test_train_with_a_session_of_another_project_names_the_field(
    train, session, other_project, session_factory
):
    foreign = session_factory(in_project=other_project)

    response = train(
        {"trainset_annotation_ids": [session.pk], "testset_annotation_ids": [foreign.pk]}
    )

    assert_error(response, 400, field="testset_annotation_ids")


def test_train_with_overlapping_train_and_test_sets_is_invalid(train, session_factory):
    first, second = session_factory(), session_factory()

    response = train(
        {
            "trainset_annotation_ids": [first.pk, second.pk],
            "testset_annotation_ids": [second.pk],
        }
    )

    assert_error(response, 400, field="testset_annotation_ids")


def test_train_with_a_test_set_of_another_type_is_invalid(train, session, session_factory):
    labels = session_factory(type="LABEL", documents=[{"text": "Berlin", "spans": []}])

    response = train(
        {"trainset_annotation_ids": [session.pk], "testset_annotation_ids": [labels.pk]}
    )

    assert_error(response, 400, field="testset_annotation_ids")


def test_train_with_an_unknown_base_model_is_invalid(train, session):
    assert_error(train({"annotation_ids": [session.pk], "base_id": 999}), 400, field="base_id")


def test_train_with_a_project_model_as_base_is_invalid(train, session, model_factory):
    project_model = model_factory(status=Status.READY)

    response = train({"annotation_ids": [session.pk], "base_id": project_model.pk})

    assert_error(response, 400, field="base_id")


def test_train_with_a_base_model_of_another_language_is_invalid(train, session, base_model):
    TextModel.objects.filter(pk=base_model.pk).update(language="de")

    response = train({"annotation_ids": [session.pk], "base_id": base_model.pk, "language": "en"})

    assert_error(response, 400, field="base_id")


def test_train_from_a_base_model_without_a_language_takes_the_bases(train, session, base_model):
    TextModel.objects.filter(pk=base_model.pk).update(language="de")

    body = train({"annotation_ids": [session.pk], "base_id": base_model.pk}).json()

    assert body["language"] == "de"


def test_train_with_a_base_model_of_another_type_is_invalid(train, session, base_model):
    TextModel.objects.filter(pk=base_model.pk).update(type="ABSA")

    response = train({"annotation_ids": [session.pk], "base_id": base_model.pk})

    assert_error(response, 400, field="base_id")


def test_train_with_a_duplicate_name_is_invalid(train, session, model_factory):
    model_factory(name="taken")

    assert_error(train({"name": "taken", "annotation_ids": [session.pk]}), 400, field="name")


def test_train_with_a_name_of_a_base_model_is_invalid(train, session, base_model):
    response = train({"name": base_model.name, "annotation_ids": [session.pk]})

    assert_error(response, 400, field="name")


def test_invalid_train_request_creates_no_model(train, session):
    train({"annotation_ids": [session.pk], "language": "fr"})

    assert not TextModel.objects.exists()


def test_invalid_train_request_detail_names_the_field(train, session):
    body = assert_error(train({"annotation_ids": [session.pk], "language": "fr"}), 400)

    assert "language" in body["detail"]
