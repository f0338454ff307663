import pytest
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.models import Project, TrainedModel

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["project", "membership", "labelingsession", "trainedmodel", "trainingrequest"]
)
def test_every_admin_list_and_form_renders(admin_client_logged_in, project, model):
    factories.make_model(project=project)
    assert (
        admin_client_logged_in.get(reverse(f"admin:dashboard_{model}_changelist")).status_code
        == 200
    )
    assert admin_client_logged_in.get(reverse(f"admin:dashboard_{model}_add")).status_code == 200


def test_the_project_list_offers_to_import_everything(admin_client_logged_in, db):
    response = admin_client_logged_in.get(reverse("admin:dashboard_project_changelist"))
    assert reverse("admin:dashboard_project_import_all") in response.content.decode()


def test_importing_everything_from_the_admin(admin_client_logged_in, api):
    api.get(f"{API}projects", json=[factories.project_json(id=5, name="Reviews")])
    api.get(f"{API}projects/5/annotations", json=[factories.session_json()])
    api.get(f"{API}projects/5/models", json=[])

    response = admin_client_logged_in.post(reverse("admin:dashboard_project_import_all"))

    assert response.status_code == 302
    assert Project.objects.get(remote_id=5).sessions.count() == 1


def test_refreshing_selected_projects_from_the_admin(admin_client_logged_in, api, project):
    api.get(f"{API}projects/7", json=factories.project_json(id=7, name="Renamed"))
    api.get(f"{API}projects/7/annotations", json=[])
    api.get(f"{API}projects/7/models", json=[factories.model_json(id=31)])

    admin_client_logged_in.post(
        reverse("admin:dashboard_project_changelist"),
        {"action": "refresh_from_service", "_selected_action": [project.pk]},
    )

    project.refresh_from_db()
    assert project.name == "Renamed"
    assert TrainedModel.objects.filter(project=project, remote_id=31).exists()
