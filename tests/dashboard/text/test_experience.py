"""The dashboard's live and comparative parts: the training summary, double submits,
toasts, the project page's tables, confirmations and the audit log."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.dashboard.conftest import API
from trainer.apiclient.errors import ApiError
from trainer.dashboard.models import AuditEvent, ModelStatus, TrainedModel, TrainingRequest
from trainer.dashboard.text import services, sync

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def sessions(project):
    return [
        factories.make_session(project=project, remote_id=11, name="Week 1", documents=120),
        factories.make_session(project=project, remote_id=12, name="Week 2", documents=80),
    ]


# -- the training form's summary ---------------------------------------------------------


def _summary(client, project, **query):
    url = reverse("dashboard:model-new-summary", args=[project.pk])
    return client.get(url, query, headers=HTMX).content.decode()


def test_the_summary_counts_the_documents_of_the_sessions_ticked(
    client, project, manager, sessions
):
    client.force_login(manager)
    content = _summary(client, project, mode="pool", pool_sessions=[s.pk for s in sessions])
    assert 'id="training-summary"' in content
    assert '<td class="num">200</td>' in content
    assert "<html" not in content


def test_the_summary_shows_the_train_and_test_sets_apart(client, project, manager, sessions):
    client.force_login(manager)
    content = _summary(
        client,
        project,
        mode="split",
        train_sessions=[sessions[0].pk],
        test_sessions=[sessions[1].pk],
    )
    assert '<td class="num">120</td>' in content and '<td class="num">80</td>' in content
    assert "Test set" in content


def test_the_summary_refuses_a_session_in_both_sets(client, project, manager, sessions):
    client.force_login(manager)
    content = _summary(
        client,
        project,
        mode="split",
        train_sessions=[sessions[0].pk],
        test_sessions=[sessions[0].pk],
    )
    assert 'role="alert"' in content
    assert "cannot be in the train set and the test set" in content


# -- double submit -------------------------------------------------------------------------


def test_the_same_training_form_sent_twice_starts_one_training(
    client, api, project, manager, sessions
):
    api.get(f"{API}models", json=factories.catalog_json())
    api.post(f"{API}projects/7/models", status=201, json=factories.model_json(id=31))
    client.force_login(manager)
    values = {
        "display_name": "Topics",
        "language": "en",
        "mode": "pool",
        "pool_sessions": [sessions[0].pk],
        "idempotency_key": str(uuid.uuid4()),
    }
    url = reverse("dashboard:model-new", args=[project.pk])

    first = client.post(url, values)
    second = client.post(url, values)

    model = TrainedModel.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("dashboard:model", args=[project.pk, model.pk])
    )
    assert len([call for call in api.calls if call.request.method == "POST"]) == 1
    assert TrainingRequest.objects.count() == 1


def test_a_form_whose_training_failed_can_be_sent_again(client_api, api, project, manager):
    key = uuid.uuid4()
    api.post(f"{API}projects/7/models", status=503, json={"detail": "Down."})
    with pytest.raises(ApiError):
        services.training_start(
            project=project,
            user=manager,
            display_name="Topics",
            language="en",
            idempotency_key=key,
            client=client_api,
        )
    api.replace("POST", f"{API}projects/7/models", status=201, json=factories.model_json(id=32))

    model = services.training_start(
        project=project,
        user=manager,
        display_name="Topics",
        language="en",
        idempotency_key=key,
        client=client_api,
    )

    assert model.remote_id == 32
    assert TrainingRequest.objects.filter(idempotency_key=key).count() == 2


# -- toasts --------------------------------------------------------------------------------


def _notifications(client, since):
    url = reverse("dashboard:notifications")
    return client.get(url, {"since": f"{since.timestamp():.3f}"}, headers=HTMX)


def test_a_model_the_user_started_that_became_ready_is_toasted_once(client, project, manager):
    before = timezone.now() - timedelta(seconds=5)
    factories.make_model(
        project=project,
        status=ModelStatus.READY,
        display_name="Topics",
        started_by=manager,
        status_changed_at=timezone.now() - timedelta(seconds=1),
    )
    client.force_login(manager)

    first = _notifications(client, before).content.decode()
    until = first.split('data-until="')[1].split('"')[0]
    later = client.get(reverse("dashboard:notifications"), {"since": until}, headers=HTMX)

    assert "Topics</bdi> is ready." in first
    assert 'hx-swap-oob="beforeend:#toasts"' in first
    assert "is ready" not in later.content.decode()


def test_models_started_by_someone_else_are_not_toasted(client, project, manager, reader):
    before = timezone.now() - timedelta(seconds=5)
    factories.make_model(
        project=project,
        status=ModelStatus.FAILED,
        started_by=manager,
        status_changed_at=timezone.now(),
    )
    client.force_login(reader)
    assert "toast" not in _notifications(client, before).content.decode()


def test_a_status_change_read_from_the_service_is_timed(client_api, api, project):
    model = factories.make_model(project=project, remote_id=31, status=ModelStatus.TRAINING)
    api.get(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="READY"))

    sync.model_sync(model=model, client=client_api)

    model.refresh_from_db()
    assert model.status_changed_at == model.last_synced_at


# -- the project page's tables ---------------------------------------------------------------


def _project_page(client, project, **query):
    return client.get(reverse("dashboard:project", args=[project.pk]), query).content.decode()


def test_the_models_table_filters_by_status(client, project, reader):
    factories.make_model(project=project, status="READY", display_name="Good one")
    factories.make_model(project=project, status="FAILED", display_name="Bad one")
    client.force_login(reader)
    content = _project_page(client, project, status="FAILED")
    assert "Bad one" in content and "Good one" not in content


def test_the_models_table_sorts_by_score_both_ways(client, project, reader):
    factories.make_model(project=project, status="READY", display_name="Low", score=0.2)
    factories.make_model(project=project, status="READY", display_name="High", score=0.9)
    client.force_login(reader)
    ascending = _project_page(client, project, sort="name")
    descending = _project_page(client, project, sort="-name")
    assert ascending.index(">High<") < ascending.index(">Low<")
    assert descending.index(">Low<") < descending.index(">High<")
    assert 'aria-sort="ascending"' in ascending


def test_the_models_table_pages_keep_the_filters(client, project, reader):
    for n in range(30):
        factories.make_model(project=project, status="READY", display_name=f"Model n{n}")
    client.force_login(reader)
    content = _project_page(client, project, status="READY")
    assert "Page 1 of 2" in content
    assert "?status=READY&amp;page=2" in content


def test_an_unknown_sort_or_page_falls_back_to_the_default(client, project, reader):
    factories.make_model(project=project, display_name="Only one")
    client.force_login(reader)
    assert "Only one" in _project_page(client, project, sort="password", page="x")


def test_htmx_asks_only_for_the_tables(client, project, reader):
    client.force_login(reader)
    response = client.get(
        reverse("dashboard:project", args=[project.pk]),
        {"type": "CLASS"},
        headers=HTMX | {"HX-Target": "project-tables"},
    )
    content = response.content.decode()
    assert content.strip().startswith('<div id="project-tables"')
    assert "<html" not in content


def test_a_filter_that_matches_nothing_says_so(client, project, reader):
    factories.make_model(project=project, language="en")
    client.force_login(reader)
    assert "No model matches these filters." in _project_page(client, project, language="ar")


# -- lifecycle confirmations and the audit log -------------------------------------------------


@pytest.mark.parametrize(
    ("action", "question"),
    [
        ("model-activate", "Activate “<bdi>Topics</bdi>”?"),
        ("model-publish", "Publish “<bdi>Topics</bdi>”?"),
        ("model-cancel", "Cancel the training of “<bdi>Topics</bdi>”?"),
    ],
)
def test_a_lifecycle_action_asks_for_confirmation_naming_the_model(
    client, api, project, manager, action, question
):
    model = factories.make_model(project=project, status="READY", display_name="Topics")
    client.force_login(manager)
    response = client.get(reverse(f"dashboard:{action}", args=[project.pk, model.pk]))
    assert question in response.content.decode()
    assert all(call.request.url == f"{API}info" for call in api.calls)  # asked, not done


def test_activating_a_model_is_kept_in_the_audit_log(client, api, project, manager):
    model = factories.make_model(project=project, remote_id=31, status="READY", display_name="T")
    api.put(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="ACTIVE"))
    client.force_login(manager)

    client.post(reverse("dashboard:model-activate", args=[project.pk, model.pk]))

    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.model, event.subject) == (
        manager,
        AuditEvent.Action.MODEL_ACTIVATED,
        model,
        "T",
    )
    page = _project_page(client, project)
    assert "manager</span>\nactivated" in page


def test_a_deleted_model_keeps_its_name_in_the_audit_log(client_api, api, project, manager):
    model = factories.make_model(project=project, remote_id=31, status="READY", display_name="Gone")
    api.delete(f"{API}projects/7/models/31", status=204)

    services.model_delete(model=model, user=manager, client=client_api)

    event = AuditEvent.objects.get()
    assert (event.action, event.model, event.subject) == (
        AuditEvent.Action.MODEL_DELETED,
        None,
        "Gone",
    )


def test_the_home_page_shows_each_projects_newest_activity(client, project, manager):
    AuditEvent.objects.create(
        project=project, user=manager, action=AuditEvent.Action.PROJECT_REFRESHED
    )
    client.force_login(manager)
    content = client.get(reverse("dashboard:home")).content.decode()
    assert "Newest activity:" in content
    assert "refreshed the project from the service" in content


def test_the_audit_log_is_read_only_in_the_admin(rf, project):
    admin = site._registry[AuditEvent]
    request = rf.get("/")
    request.user = factories.make_user(is_staff=True, is_superuser=True)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)
