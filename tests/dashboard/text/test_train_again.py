"""Every FAILED model offers "Train again": the training form with the settings that
trained it, for a manager only."""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import Role
from trainer.dashboard.text import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(api, project, manager):
    """A model started from the form on a train and a test set, then FAILED."""
    train = factories.make_session(project=project, remote_id=11, name="Week 1")
    test = factories.make_session(project=project, remote_id=12, name="Week 2")
    factories.make_session(project=project, remote_id=13, name="Week 3")
    api.post(f"{API}projects/7/models", status=201, json=factories.model_json(id=31))
    model = services.training_start(
        project=project,
        user=manager,
        display_name="Topics v1",
        language="en",
        mode="split",
        train_sessions=[train],
        test_sessions=[test],
        client=DeepOpinionClient.from_settings(),
    )
    model.status = "FAILED"
    model.save(update_fields=["status"])
    api.get(f"{API}models", json=factories.catalog_json())
    return model


def _checked(html: str, field: str) -> set[str]:
    """The values of the ticked boxes of one field in the form's HTML."""
    return set(re.findall(rf'name="{field}" value="(\w+)"[^>]*checked', html))


def test_a_failed_models_page_offers_train_again_to_a_manager(client, manager, failed):
    client.force_login(manager)

    page = client.get(reverse("dashboard:model", args=[failed.project_id, failed.pk]))

    again = reverse("dashboard:model-new", args=[failed.project_id]) + f"?again={failed.pk}"
    assert again in page.content.decode()


def test_a_reader_is_not_offered_train_again(client, reader, failed):
    client.force_login(reader)

    page = client.get(reverse("dashboard:model", args=[failed.project_id, failed.pk]))

    assert "?again=" not in page.content.decode()


def test_train_again_opens_the_form_with_the_same_settings(client, manager, failed, project):
    client.force_login(manager)
    train, test = project.sessions.get(remote_id=11), project.sessions.get(remote_id=12)

    form = client.get(
        reverse("dashboard:model-new", args=[project.pk]), {"again": failed.pk}
    ).content.decode()

    assert 'value="Topics v1"' in form
    assert _checked(form, "mode") == {"split"}
    assert _checked(form, "train_sessions") == {str(train.pk)}
    assert _checked(form, "test_sessions") == {str(test.pk)}


def test_a_reader_cannot_open_train_again(client, reader, failed, project):
    client.force_login(reader)

    response = client.get(reverse("dashboard:model-new", args=[project.pk]), {"again": failed.pk})

    assert response.status_code == 403


def test_train_again_of_another_projects_model_opens_an_empty_form(client, manager, failed):
    other = factories.make_project(remote_id=8)
    factories.make_membership(user=manager, project=other, role=Role.MANAGER)
    client.force_login(manager)

    form = client.get(
        reverse("dashboard:model-new", args=[other.pk]), {"again": failed.pk}
    ).content.decode()

    assert "Topics v1" not in form
