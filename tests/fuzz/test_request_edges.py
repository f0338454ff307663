"""Requests at the edges of what Django parses, found by fuzzing: each still gets
the contract's JSON error from both embedded services, never Django's HTML page
or a 500."""

import base64

import pytest
from django.test import Client

from trainer.captureapi import services as capture_services
from trainer.textapi import services as text_services
from trainer.textapi.models import Role as ApiRole

pytestmark = pytest.mark.django_db

SERVICES = ["/api/text/", "/api/capture/"]
# The keys of each service's error body: the text service's own, the capture
# service's as its vendor writes them.
ERROR_KEYS = {
    "/api/text/": {"detail", "errors"},
    "/api/capture/": {"id", "error", "error_description"},
}


def _assert_contract_error(response, status: int, mount: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == ERROR_KEYS[mount]


@pytest.mark.parametrize("mount", SERVICES)
def test_a_path_with_a_line_break_gets_the_json_404(mount):
    _assert_contract_error(Client().get(f"{mount}projects/1%0A/models"), 404, mount)


@pytest.fixture
def text_manager(django_user_model) -> tuple[Client, str]:
    user = django_user_model.objects.create_user("manager")
    project = text_services.project_create(name="Newsroom")
    text_services.member_set(project=project, user=user, role=ApiRole.MANAGER)
    _token, raw = text_services.token_create(user=user, name="edges")
    return Client(
        headers={"Authorization": f"Bearer {raw}"}
    ), f"/api/text/projects/{project.pk}/models"


@pytest.fixture
def capture_application(db) -> tuple[Client, str]:
    application, raw = capture_services.application_create(name="Edges")
    credentials = base64.b64encode(f"{application.app_id}:{raw}".encode()).decode()
    return Client(headers={"Authorization": f"Basic {credentials}"}), "/api/capture/v2/training"


@pytest.mark.parametrize("caller", ["text_manager", "capture_application"])
def test_a_json_body_over_djangos_limit_is_a_413(caller, request, settings):
    client, path = request.getfixturevalue(caller)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post(path, data={"name": "x" * 2000}, content_type="application/json")

    mount = "/api/{}/".format(path.split("/")[2])  # "/api/text/…" → "/api/text/"
    _assert_contract_error(response, 413, mount)
