"""A labeling session whose file is still imported shows its progress on the project
page, live, and cannot be trained on yet; a failed import shows why; a manager
deletes a session, after a confirmation."""

import pytest
from django.urls import reverse
from django_htmx.http import HTMX_STOP_POLLING

from tests import factories
from tests.dashboard.conftest import API
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import AuditEvent, LabelingSession, SessionStatus
from trainer.dashboard.text import sync

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def importing(project):
    return factories.make_session(
        project=project,
        remote_id=11,
        name="Big batch",
        documents=800,
        status=SessionStatus.STARTED,
        progress=40.0,
    )


def _row(client, session):
    url = reverse("dashboard:session-row", args=[session.project_id, session.pk])
    return client.get(url, headers=HTMX)


def test_an_importing_session_shows_its_progress_and_polls(client, reader, importing):
    client.force_login(reader)

    page = client.get(reverse("dashboard:project", args=[importing.project_id])).content.decode()

    row = reverse("dashboard:session-row", args=[importing.project_id, importing.pk])
    assert f'hx-get="{row}"' in page
    assert 'value="40.0"' in page
    assert "Importing" in page


def test_a_session_waiting_for_a_worker_says_so_and_polls(client, reader, importing):
    importing.status = SessionStatus.CREATED
    importing.save()
    client.force_login(reader)

    response = _row(client, importing)

    assert response.status_code == 200
    assert "Waiting to import" in response.content.decode()
    assert "hx-get" in response.content.decode()


def test_the_row_stops_polling_once_the_import_is_over(client, reader, importing):
    client.force_login(reader)
    assert _row(client, importing).status_code == 200

    importing.status = SessionStatus.FINISHED
    importing.save()
    response = _row(client, importing)

    assert response.status_code == HTMX_STOP_POLLING
    assert "hx-get" not in response.content.decode()


def test_a_failed_import_shows_the_reason(client, reader, importing):
    importing.status, importing.error = SessionStatus.FAILED, "line 87: not valid JSON"
    importing.save()
    client.force_login(reader)

    row = _row(client, importing).content.decode()

    assert "Import failed" in row
    assert "line 87: not valid JSON" in row


def test_an_outsider_cannot_poll_a_sessions_row(client, outsider, importing):
    client.force_login(outsider)

    assert _row(client, importing).status_code == 404


def test_the_training_form_offers_only_sessions_whose_data_is_all_there(
    client, api, manager, project, importing
):
    ready = factories.make_session(project=project, remote_id=12, name="Ready batch")
    api.get(f"{API}models", json=factories.catalog_json())
    client.force_login(manager)

    form = client.get(reverse("dashboard:model-new", args=[project.pk])).content.decode()

    assert ready.name in form
    assert importing.name not in form


def test_the_sync_follows_the_projects_with_an_importing_session(api, project, importing):
    finished = factories.session_json(id=11, name="Big batch", document_count=1200)
    finished |= {"status": "FINISHED", "progress": 100.0}
    api.get(f"{API}projects/7", json=factories.project_json(id=7))
    api.get(f"{API}projects/7/annotations", json=[finished])
    api.get(f"{API}projects/7/models", json=[])

    refreshed = sync.sessions_sync_importing(client=DeepOpinionClient.from_settings())

    importing.refresh_from_db()
    assert refreshed == 1
    assert (importing.status, importing.documents) == (SessionStatus.FINISHED, 1200)


def test_a_manager_confirms_then_deletes_a_session(client, api, manager, project, importing):
    api.delete(f"{API}projects/7/annotations/11", status=204)
    client.force_login(manager)
    url = reverse("dashboard:session-delete", args=[project.pk, importing.pk])

    confirmation = client.get(url)
    response = client.post(url)

    assert confirmation.status_code == 200
    assert "Big batch" in confirmation.content.decode()
    assert response.status_code == 302
    assert len(api.calls) == 1
    assert not LabelingSession.objects.filter(pk=importing.pk).exists()
    assert AuditEvent.objects.filter(
        project=project, action=AuditEvent.Action.SESSION_DELETED, subject="Big batch"
    ).exists()


def test_a_reader_cannot_delete_a_session(client, api, reader, project, importing):
    client.force_login(reader)

    response = client.post(reverse("dashboard:session-delete", args=[project.pk, importing.pk]))

    assert response.status_code == 403
    assert not api.calls
    assert LabelingSession.objects.filter(pk=importing.pk).exists()
