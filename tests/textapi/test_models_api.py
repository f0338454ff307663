from datetime import timedelta

from django.utils import timezone

from trainer.textapi.models import Role, Status, TextModel

from .helpers import MODEL_FIELDS, assert_error, url


def test_model_list_is_newest_first(reader, project, model_factory):
    now = timezone.now()
    old = model_factory(created=now - timedelta(hours=2))
    new = model_factory(created=now)
    middle = model_factory(created=now - timedelta(hours=1))

    ids = [item["id"] for item in reader.get(url(f"projects/{project.pk}/models")).json()]

    assert ids == [new.pk, middle.pk, old.pk]


def test_model_list_items_have_the_contract_fields(reader, project, model_factory):
    model_factory()

    (item,) = reader.get(url(f"projects/{project.pk}/models")).json()

    assert set(item) == MODEL_FIELDS


def test_model_list_filters_by_one_status(reader, project, model_factory):
    queued = model_factory(status=Status.QUEUED)
    model_factory(status=Status.READY)

    response = reader.get(url(f"projects/{project.pk}/models"), {"status": "QUEUED"})

    assert [item["id"] for item in response.json()] == [queued.pk]


def test_model_list_filters_by_repeated_statuses(reader, project, model_factory):
    queued = model_factory(status=Status.QUEUED)
    training = model_factory(status=Status.TRAINING)
    model_factory(status=Status.READY)

    response = reader.get(url(f"projects/{project.pk}/models?status=QUEUED&status=TRAINING"))

    assert {item["id"] for item in response.json()} == {queued.pk, training.pk}


def test_model_list_refuses_an_unknown_status(reader, project):
    response = reader.get(url(f"projects/{project.pk}/models?status=DONE"))

    body = assert_error(response, 400, field="status")
    assert "DONE" in body["errors"]["status"][0]


def test_model_list_leaves_out_models_of_other_projects(
    client_for, project, other_project, model_factory
):
    model_factory(in_project=other_project)
    client = client_for(Role.OWNER)

    assert client.get(url(f"projects/{project.pk}/models")).json() == []


def test_model_detail_shows_base_owner_error_and_metrics(reader, project, model_factory):
    base = TextModel.objects.create(
        is_base=True, name="the-base", type="CLASS", language="en", status=Status.READY
    )
    model = model_factory(
        status=Status.FAILED, base=base, error="only one class in the train set", metrics={}
    )

    body = reader.get(url(f"projects/{project.pk}/models/{model.pk}")).json()

    assert body["base"] == "the-base"
    assert body["owner"] == model.owner.username
    assert body["error"] == "only one class in the train set"
    assert body["uuid"] == str(model.uuid)
    assert body["created"] == model.created.isoformat()


def test_model_without_base_shows_an_empty_base_name(reader, project, model_factory):
    model = model_factory()

    assert reader.get(url(f"projects/{project.pk}/models/{model.pk}")).json()["base"] == ""


def test_model_of_another_project_is_not_found(client_for, project, other_project, model_factory):
    foreign = model_factory(in_project=other_project)
    client = client_for(Role.OWNER)

    response = client.get(url(f"projects/{project.pk}/models/{foreign.pk}"))

    assert_error(response, 404)


def test_unknown_model_is_not_found(reader, project):
    response = reader.get(url(f"projects/{project.pk}/models/999999"))

    assert_error(response, 404)


def test_non_member_cannot_list_models(client_for, project, model_factory):
    model_factory()
    client = client_for(None)

    assert_error(client.get(url(f"projects/{project.pk}/models")), 404)
