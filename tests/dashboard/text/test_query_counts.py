"""Pages make a fixed number of SQL queries, however many models a project has."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trainer.dashboard.models import LabelingSession, Membership, ModelStatus, TrainedModel
from trainer.dashboard.text.tables import PAGE_SIZE

STATUSES = list(ModelStatus.values)
# session and user (none when a shared cache keeps them), the access gate, a count and
# a page of the models (with who started them), a count and a page of the sessions,
# the activity, the scores chart
PROJECT_PAGE_QUERIES = 9


def fill_project(project, *, models: int, sessions: int, started_by=None) -> None:
    LabelingSession.objects.bulk_create(
        LabelingSession(project=project, remote_id=n, name=f"Session {n}", type="CLASS")
        for n in range(1, sessions + 1)
    )
    TrainedModel.objects.bulk_create(
        TrainedModel(
            project=project,
            remote_id=n,
            uuid=uuid.uuid4(),
            name=f"model-{n}",
            display_name=f"Model {n}",
            type="CLASS",
            language="en",
            status=STATUSES[n % len(STATUSES)],
            progress=50.0,
            score=0.5 if n % 2 else None,
            started_by=started_by,
        )
        for n in range(1, models + 1)
    )


def _project_page_queries(client, project) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:project", args=[project.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_project_page_with_1000_models_and_200_sessions_makes_few_queries(
    client, project, manager, django_assert_max_num_queries
):
    fill_project(project, models=1000, sessions=200, started_by=manager)
    client.force_login(manager)

    with django_assert_max_num_queries(PROJECT_PAGE_QUERIES):
        response = client.get(reverse("dashboard:project", args=[project.pk]))

    content = response.content.decode()
    assert content.count('id="model-row-') == PAGE_SIZE
    assert "Page 1 of 40" in content


def test_the_project_page_makes_as_many_queries_for_1000_models_as_for_one(
    client, manager, project
):
    small = factories.make_project(name="Small")
    factories.make_membership(user=manager, project=small)
    fill_project(small, models=1, sessions=1, started_by=manager)
    fill_project(project, models=1000, sessions=200, started_by=manager)
    client.force_login(manager)
    _project_page_queries(client, small)  # the first request may cache the user

    assert _project_page_queries(client, project) == _project_page_queries(client, small)


def test_polling_a_model_reads_its_state_with_the_access_gate_in_one_query(
    client, project, reader, django_assert_max_num_queries, settings
):
    settings.TRAINER_POLL_CACHE = False  # else, once cached, no query at all
    fill_project(project, models=1000, sessions=200)
    model = TrainedModel.objects.filter(project=project, status=ModelStatus.TRAINING).first()
    client.force_login(reader)
    url = reverse("dashboard:model-status", args=[project.pk, model.pk])
    etag = client.get(url, {"fragment": "row"}, headers={"HX-Request": "true"})["ETag"]

    # the session and the user (none when a shared cache keeps them), and the model's
    # state with the gate, for the ETag
    with django_assert_max_num_queries(3) as queries:
        response = client.get(
            url, {"fragment": "row"}, headers={"HX-Request": "true", "If-None-Match": etag}
        )

    assert response.status_code == 304
    gate = [q["sql"] for q in queries if Membership._meta.db_table in q["sql"]]
    reads = [q["sql"] for q in queries if TrainedModel._meta.db_table in q["sql"]]
    assert gate == reads
    assert len(reads) == 1
