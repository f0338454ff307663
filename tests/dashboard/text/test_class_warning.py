"""The training form warns when a class of the train set's sessions is named by no session
of the test set."""

import pytest
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.text import sync

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
WARNING = "No session of the test set has the class"


@pytest.fixture
def sessions(project):
    return {
        "train": factories.make_session(
            project=project, name="Train", classes=["billing", "refund", "spam"]
        ),
        "test_partial": factories.make_session(
            project=project, name="Test partial", classes=["billing", "spam"]
        ),
        "test_full": factories.make_session(
            project=project, name="Test full", classes=["billing", "refund", "spam"]
        ),
        "unknown": factories.make_session(project=project, name="From another vendor"),
    }


def _summary(client, project, **query) -> str:
    url = reverse("dashboard:model-new-summary", args=[project.pk])
    return client.get(url, query, headers=HTMX).content.decode()


def test_the_summary_names_the_train_class_missing_from_the_test_set(
    client, project, manager, sessions
):
    client.force_login(manager)

    content = _summary(
        client,
        project,
        mode="split",
        train_sessions=[sessions["train"].pk],
        test_sessions=[sessions["test_partial"].pk],
    )

    assert f"{WARNING} <bdi>refund</bdi>" in content


def test_the_summary_names_every_missing_class(client, project, manager, sessions):
    client.force_login(manager)
    only_billing = factories.make_session(project=project, name="Billing", classes=["billing"])

    content = _summary(
        client,
        project,
        mode="split",
        train_sessions=[sessions["train"].pk],
        test_sessions=[only_billing.pk],
    )

    assert "No session of the test set has the classes <bdi>refund, spam</bdi>" in content


def test_the_summary_does_not_warn_when_the_test_set_has_every_class(
    client, project, manager, sessions
):
    client.force_login(manager)

    content = _summary(
        client,
        project,
        mode="split",
        train_sessions=[sessions["train"].pk],
        test_sessions=[sessions["test_partial"].pk, sessions["test_full"].pk],
    )

    assert WARNING not in content


def test_the_summary_says_nothing_of_classes_when_the_service_splits(
    client, project, manager, sessions
):
    client.force_login(manager)

    content = _summary(
        client,
        project,
        mode="pool",
        pool_sessions=[sessions["train"].pk, sessions["test_partial"].pk],
    )

    assert WARNING not in content


def test_the_summary_does_not_warn_without_a_test_set(client, project, manager, sessions):
    client.force_login(manager)

    content = _summary(client, project, mode="split", train_sessions=[sessions["train"].pk])

    assert WARNING not in content


def test_the_summary_does_not_guess_when_a_test_session_does_not_say_its_classes(
    client, project, manager, sessions
):
    client.force_login(manager)

    content = _summary(
        client,
        project,
        mode="split",
        train_sessions=[sessions["train"].pk],
        test_sessions=[sessions["unknown"].pk],
    )

    assert WARNING not in content


def test_the_form_page_shows_the_warning_when_it_comes_back(
    client, api, project, manager, sessions
):
    api.get(f"{API}models", json=factories.catalog_json())
    client.force_login(manager)
    url = reverse("dashboard:model-new", args=[project.pk])

    response = client.post(
        url,
        {
            "display_name": "",  # refused, so the page comes back with its summary
            "language": "en",
            "mode": "split",
            "train_sessions": [sessions["train"].pk],
            "test_sessions": [sessions["test_partial"].pk],
        },
    )

    assert response.status_code == 200
    assert f"{WARNING} <bdi>refund</bdi>" in response.content.decode()


def test_a_sync_stores_the_class_and_label_names_of_each_session(api, client_api, project):
    api.get(f"{API}projects/7", json=factories.project_json(id=7))
    api.get(
        f"{API}projects/7/annotations",
        json=[factories.session_json(id=11, classes=["billing", "refund"], labels=["urgent"])],
    )
    api.get(f"{API}projects/7/models", json=[])

    sync.project_sync(project=project, client=client_api)

    session = project.sessions.get(remote_id=11)
    assert (session.classes, session.labels) == (["billing", "refund"], ["urgent"])


def test_a_session_from_a_service_without_classes_syncs_with_none(api, client_api, project):
    api.get(f"{API}projects/7", json=factories.project_json(id=7))
    answer = factories.session_json(id=11)
    del answer["classes"]
    api.get(f"{API}projects/7/annotations", json=[answer])
    api.get(f"{API}projects/7/models", json=[])

    sync.project_sync(project=project, client=client_api)

    assert project.sessions.get(remote_id=11).classes == []
