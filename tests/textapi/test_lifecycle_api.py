import pytest

from trainer.textapi.models import Role, Status, TextModel

from .helpers import assert_error, post_json, url

# READY → ACTIVE → PUBLISHED is the vendor's PUT (test_model_update_api); the cancel
# extension is the one action of its own.
ACTIONS = ["cancel"]


def act(client, model, action):
    return post_json(client, f"projects/{model.project_id}/models/{model.pk}/{action}")


@pytest.mark.parametrize("status", [Status.QUEUED, Status.TRAINING])
def test_cancel_fails_a_queued_or_training_model_with_error_cancelled(
    manager, model_factory, status
):
    model = model_factory(status=status)

    body = act(manager, model, "cancel").json()

    assert (body["status"], body["error"]) == (Status.FAILED, "cancelled")


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("cancel", Status.READY),
        ("cancel", Status.FAILED),
        ("cancel", Status.PUBLISHED),
    ],
)
def test_transition_the_lifecycle_does_not_allow_is_a_conflict(
    manager, model_factory, action, status
):
    model = model_factory(status=status)

    body = assert_error(act(manager, model, action), 409)

    assert status in body["detail"]
    model.refresh_from_db()
    assert model.status == status


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
@pytest.mark.parametrize("action", ACTIONS)
def test_member_below_manager_cannot_change_the_lifecycle(client_for, model_factory, role, action):
    model = model_factory(status=Status.TRAINING)
    client = client_for(role)

    assert_error(act(client, model, action), 403)


@pytest.mark.parametrize("action", ACTIONS)
def test_non_member_gets_not_found_for_lifecycle_actions(client_for, model_factory, action):
    model = model_factory(status=Status.READY)

    assert_error(act(client_for(None), model, action), 404)


@pytest.mark.parametrize("action", ACTIONS)
def test_lifecycle_action_needs_post(manager, model_factory, action):
    model = model_factory(status=Status.READY)

    response = manager.get(url(f"projects/{model.project_id}/models/{model.pk}/{action}"))

    assert_error(response, 405)
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    "status",
    [Status.CREATED, Status.QUEUED, Status.TRAINING, Status.FAILED, Status.READY, Status.ACTIVE],
)
def test_delete_removes_a_model_that_is_not_published(manager, model_factory, status):
    model = model_factory(status=status)

    response = manager.delete(url(f"projects/{model.project_id}/models/{model.pk}"))

    assert response.status_code == 204
    assert response.content == b""
    assert not TextModel.objects.filter(pk=model.pk).exists()


def test_delete_of_a_published_model_is_a_conflict(manager, model_factory):
    model = model_factory(status=Status.PUBLISHED)

    response = manager.delete(url(f"projects/{model.project_id}/models/{model.pk}"))

    assert_error(response, 409)
    assert TextModel.objects.filter(pk=model.pk).exists()


def test_delete_removes_the_model_file(
    manager, model_factory, settings, django_capture_on_commit_callbacks
):
    model = model_factory(status=Status.READY, artifact="trained.joblib")
    settings.TEXTAPI_MODEL_DIR.mkdir(parents=True)
    artifact = settings.TEXTAPI_MODEL_DIR / "trained.joblib"
    artifact.write_bytes(b"model")

    with django_capture_on_commit_callbacks(execute=True):
        manager.delete(url(f"projects/{model.project_id}/models/{model.pk}"))

    assert not artifact.exists()


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_member_below_manager_cannot_delete(client_for, model_factory, role):
    model = model_factory(status=Status.READY)

    response = client_for(role).delete(url(f"projects/{model.project_id}/models/{model.pk}"))

    assert_error(response, 403)
    assert TextModel.objects.filter(pk=model.pk).exists()
