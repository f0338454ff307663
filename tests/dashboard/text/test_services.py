import json

import pytest
import requests
import responses

from tests import factories
from tests.dashboard.conftest import API, enqueued
from trainer.apiclient.errors import ApiConflict, ApiUnavailable, ApiValidationError
from trainer.dashboard.mirror import DELETED_REMOTELY
from trainer.dashboard.models import (
    LabelingSession,
    Project,
    Role,
    TrainedModel,
    TrainingRequest,
)
from trainer.dashboard.text import services, sync

pytestmark = pytest.mark.django_db


# -- projects and sessions ---------------------------------------------------------------


def _serve_project(api, remote_id, *, sessions, models=(), name="Support inbox"):
    api.get(f"{API}projects/{remote_id}", json=factories.project_json(id=remote_id, name=name))
    api.get(f"{API}projects/{remote_id}/annotations", json=list(sessions))
    api.get(f"{API}projects/{remote_id}/models", json=list(models))


def test_projects_sync_imports_projects_and_their_sessions(api, client_api):
    api.get(f"{API}projects", json=[factories.project_json(id=3, name="Reviews")])
    _serve_project(
        api, 3, sessions=[factories.session_json(id=11, name="Week 1", document_count=120)]
    )

    projects = sync.projects_sync(client=client_api)

    project = Project.objects.get(remote_id=3)
    assert projects == [project]
    assert project.name == "Reviews"
    assert project.last_synced_at is not None
    session = project.sessions.get()
    assert (session.remote_id, session.name, session.documents) == (11, "Week 1", 120)
    assert (session.classes, session.labels) == (["billing", "refund"], [])
    assert session.created is not None


def test_projects_sync_keeps_the_projects_type_and_forgets_one_it_does_not_know(api, client_api):
    api.get(
        f"{API}projects",
        json=[
            factories.project_json(id=3, name="Hotels", type="ABSA"),
            factories.project_json(id=4, name="Elsewhere", type="SUMMARY"),
        ],
    )
    _serve_project(api, 3, sessions=[])
    _serve_project(api, 4, sessions=[])

    sync.projects_sync(client=client_api)

    assert dict(Project.objects.values_list("remote_id", "type")) == {3: "ABSA", 4: ""}


def test_projects_sync_updates_and_removes_sessions_gone_remotely(api, client_api):
    project = factories.make_project(remote_id=3, name="Old name")
    kept = factories.make_session(project=project, remote_id=11, name="Week 1")
    factories.make_session(project=project, remote_id=12, name="Gone")
    api.get(f"{API}projects", json=[factories.project_json(id=3, name="New name")])
    _serve_project(api, 3, sessions=[factories.session_json(id=11, name="Week 1 (fixed)")])

    sync.projects_sync(client=client_api)

    project.refresh_from_db()
    assert project.name == "New name"
    assert list(project.sessions.values_list("pk", "name")) == [(kept.pk, "Week 1 (fixed)")]


def test_projects_sync_mirrors_a_correction_session_with_its_model_new_at_once(api, client_api):
    api.get(f"{API}projects", json=[factories.project_json(id=3)])
    correction = factories.session_json(id=12, mode="CORRECTION", model_id=40, status="PREDICTING")
    _serve_project(
        api,
        3,
        sessions=[factories.session_json(id=11), correction],
        models=[factories.model_json(id=40, status="READY")],
    )

    sync.projects_sync(client=client_api)

    sessions = LabelingSession.objects.order_by("remote_id")
    assert [(s.mode, s.model and s.model.remote_id) for s in sessions] == [
        ("ANNOTATION", None),
        ("CORRECTION", 40),
    ]
    assert sessions[1].is_predicting


def test_projects_sync_keeps_projects_gone_remotely_and_their_members(api, client_api):
    gone = factories.make_project(remote_id=99)
    member = factories.make_member(project=gone, role=Role.OWNER)
    api.get(f"{API}projects", json=[])

    sync.projects_sync(client=client_api)

    assert Project.objects.filter(pk=gone.pk, memberships__user=member).exists()


def test_projects_sync_skips_a_project_it_may_not_read_and_goes_on(api, client_api):
    api.get(f"{API}projects", json=[factories.project_json(id=3), factories.project_json(id=4)])
    api.get(f"{API}projects/3/annotations", status=403, json={"detail": "Not a member."})
    _serve_project(api, 4, sessions=[factories.session_json()])

    projects = sync.projects_sync(client=client_api)

    assert [project.remote_id for project in projects] == [4]


def test_project_sync_imports_models_and_marks_those_gone_remotely(api, client_api, project):
    known = factories.make_model(project=project, remote_id=21, status="TRAINING")
    gone = factories.make_model(project=project, remote_id=22, status="READY")
    _serve_project(
        api,
        project.remote_id,
        sessions=[],
        models=[
            factories.model_json(id=21, status="READY", progress=100.0, score=0.91),
            factories.model_json(id=23, status="PUBLISHED", name="made-elsewhere"),
        ],
    )

    sync.project_sync(project=project, client=client_api)

    known.refresh_from_db()
    gone.refresh_from_db()
    assert (known.status, known.score) == ("READY", 0.91)
    assert (gone.status, gone.error) == ("FAILED", DELETED_REMOTELY)
    assert TrainedModel.objects.get(project=project, remote_id=23).name == "made-elsewhere"


def test_membership_set_creates_then_changes_the_role(project):
    user = factories.make_user()
    services.membership_set(project=project, user=user, role=Role.READ_ONLY)
    membership = services.membership_set(project=project, user=user, role=Role.MANAGER)
    assert membership.role == Role.MANAGER
    assert project.memberships.filter(user=user).count() == 1


# -- training ----------------------------------------------------------------------------


def _train(project, user, client, **kwargs):
    arguments = {
        "display_name": "Topics v1",
        "language": "en",
        "mode": "pool",
        "pool_sessions": LabelingSession.objects.filter(project=project),
    }
    return services.training_start(
        project=project, user=user, client=client, **(arguments | kwargs)
    )


def test_training_start_stores_the_request_before_sending_it(api, client_api, project, manager):
    factories.make_session(project=project, remote_id=11)
    seen = {}

    def answer(request):
        stored = TrainingRequest.objects.get()
        seen["payload"] = stored.payload
        seen["status_then"] = stored.response_status
        seen["sent"] = json.loads(request.body)
        return 201, {}, json.dumps(factories.model_json(id=31, name="topics-v1"))

    api.add_callback(responses.POST, f"{API}projects/7/models", callback=answer)

    _train(project, manager, client_api, name="topics-v1")

    assert seen["payload"] == seen["sent"]
    assert seen["sent"] == {
        "name": "topics-v1",
        "display_name": "Topics v1",
        "language": "en",
        "annotation_ids": [11],
    }
    assert seen["status_then"] is None


def test_training_start_records_the_answer_and_creates_the_model(api, client_api, project, manager):
    session = factories.make_session(project=project, remote_id=11)
    api.post(f"{API}projects/7/models", status=201, json=factories.model_json(id=31))

    model = _train(project, manager, client_api)

    assert (model.remote_id, model.status, model.started_by) == (31, "CREATED", manager)
    request = TrainingRequest.objects.get()
    assert request.response_status == 201
    assert request.response_body["id"] == 31
    assert request.model == model
    assert request.pool_session_ids == [session.pk]
    assert request.payload["name"].startswith("topics-v1-")


def test_training_start_sends_train_and_test_sets_in_split_mode(api, client_api, project, manager):
    train = factories.make_session(project=project, remote_id=11)
    test = factories.make_session(project=project, remote_id=12)
    api.post(f"{API}projects/7/models", status=201, json=factories.model_json())

    _train(project, manager, client_api, mode="split", train_sessions=[train], test_sessions=[test])

    sent = json.loads(api.calls[0].request.body)
    assert sent["trainset_annotation_ids"] == [11]
    assert sent["testset_annotation_ids"] == [12]
    assert "annotation_ids" not in sent
    request = TrainingRequest.objects.get()
    assert (request.mode, request.train_session_ids, request.test_session_ids) == (
        "split",
        [train.pk],
        [test.pk],
    )


def test_training_start_records_the_services_field_errors_and_reraises(
    api, client_api, project, manager
):
    factories.make_session(project=project)
    api.post(
        f"{API}projects/7/models",
        status=400,
        json={"detail": "Invalid body.", "errors": {"name": ["This name is taken."]}},
    )

    with pytest.raises(ApiValidationError) as raised:
        _train(project, manager, client_api, name="taken")

    assert raised.value.field_errors == {"name": ["This name is taken."]}
    request = TrainingRequest.objects.get()
    assert request.response_status == 400
    assert request.response_body["errors"] == {"name": ["This name is taken."]}
    assert request.error == "Invalid body."
    assert request.model is None
    assert not TrainedModel.objects.exists()


def test_training_start_enqueues_a_sync_of_the_new_model_on_commit(
    api, client_api, project, manager, celery_eager, django_capture_on_commit_callbacks
):
    factories.make_session(project=project)
    api.post(f"{API}projects/7/models", status=201, json=factories.model_json(id=31))
    api.get(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="QUEUED"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        model = _train(project, manager, client_api)

    assert len(enqueued(callbacks)) == 1
    model.refresh_from_db()
    assert model.status == "QUEUED"


# -- models ------------------------------------------------------------------------------


def test_model_sync_updates_the_changed_fields(api, client_api, project):
    model = factories.make_model(project=project, remote_id=31, status="TRAINING")
    api.get(
        f"{API}projects/7/models/31",
        json=factories.model_json(
            id=31,
            uuid=str(model.uuid),
            name=model.name,
            display_name=model.display_name,
            status="READY",
            progress=100.0,
            score=0.87,
            metrics={"score": 0.87, "test_documents": 30, "accuracy": 0.9},
        ),
    )

    sync.model_sync(model=model, client=client_api)

    model.refresh_from_db()
    assert (model.status, model.progress, model.score) == ("READY", 100.0, 0.87)
    assert model.metrics["accuracy"] == 0.9
    assert model.last_synced_at is not None


def test_model_sync_marks_a_model_unknown_to_the_service_as_failed(api, client_api, project):
    model = factories.make_model(project=project, remote_id=31)
    api.get(f"{API}projects/7/models/31", status=404, json={"detail": "No such model."})

    sync.model_sync(model=model, client=client_api)

    model.refresh_from_db()
    assert (model.status, model.error) == ("FAILED", DELETED_REMOTELY)


def test_one_failing_model_does_not_stop_the_others(api, client_api, project):
    listed = factories.make_model(project=project, remote_id=31, status="QUEUED")
    finished = factories.make_model(project=project, remote_id=32, status="TRAINING")
    broken = factories.make_model(project=project, remote_id=33, status="TRAINING")
    other_project = factories.make_project(remote_id=8)
    elsewhere = factories.make_model(project=other_project, remote_id=41, status="TRAINING")
    api.get(
        f"{API}projects/7/models",
        json=[factories.model_json(id=31, status="TRAINING", progress=10.0)],
    )
    api.get(f"{API}projects/7/models/32", json=factories.model_json(id=32, status="READY"))
    api.get(f"{API}projects/7/models/33", status=500, json={"detail": "Boom."})
    api.get(f"{API}projects/8/models", status=500, json={"detail": "Boom."})
    api.get(f"{API}projects/8/models/41", json=factories.model_json(id=41, status="FAILED"))

    result = sync.models_sync_in_flight(client=client_api)

    assert (result.updated, result.failed) == (3, 1)
    for model in (listed, finished, broken, elsewhere):
        model.refresh_from_db()
    assert (listed.status, listed.progress) == ("TRAINING", 10.0)
    assert finished.status == "READY"
    assert broken.status == "TRAINING"
    assert elsewhere.status == "FAILED"
    # One list per project, then one GET only for the models missing from it.
    assert api.calls[0].request.params == {"status": ["CREATED", "QUEUED", "TRAINING"]}


def test_models_sync_in_flight_raises_when_the_service_is_unreachable(api, client_api, project):
    factories.make_model(project=project, remote_id=31)
    api.get(f"{API}projects/7/models", body=requests.ConnectionError("refused"))
    api.get(f"{API}projects/7/models/31", body=requests.ConnectionError("refused"))

    with pytest.raises(ApiUnavailable):
        sync.models_sync_in_flight(client=client_api)


def test_models_sync_in_flight_leaves_terminal_models_alone(api, client_api, project):
    factories.make_model(project=project, status="READY")

    result = sync.models_sync_in_flight(client=client_api)

    assert (result.updated, len(api.calls)) == (0, 0)


def test_model_activate_stores_the_answer(api, client_api, project, manager):
    model = factories.make_model(project=project, remote_id=31, status="READY")
    api.put(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="ACTIVE"))

    services.model_activate(model=model, user=manager, client=client_api)

    model.refresh_from_db()
    assert model.status == "ACTIVE"


def test_a_refused_transition_changes_nothing(api, client_api, project, manager):
    model = factories.make_model(project=project, remote_id=31, status="TRAINING")
    api.put(f"{API}projects/7/models/31", status=409, json={"detail": "Not active."})

    with pytest.raises(ApiConflict):
        services.model_publish(model=model, user=manager, client=client_api)

    model.refresh_from_db()
    assert model.status == "TRAINING"


def test_model_delete_deletes_at_the_service_and_here(api, client_api, project, manager):
    model = factories.make_model(project=project, remote_id=31, status="READY")
    api.delete(f"{API}projects/7/models/31", status=204)

    services.model_delete(model=model, user=manager, client=client_api)

    assert not TrainedModel.objects.filter(pk=model.pk).exists()
    assert api.calls[0].request.method == "DELETE"
