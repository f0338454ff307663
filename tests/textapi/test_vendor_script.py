"""The embedded service driven as a DeepOpinion Studio customer's script drives the
vendor: plain HTTP, only the vendor's documented calls, and only the fields the
vendor documents read from the answers. Log in with e-mail and password, list the
projects, their labeling sessions, the types and the public base models, train with
the seed's body, poll the model until READY, PUT its status to ACTIVE, analyze a text
with it, delete it."""

import pytest
import requests
from django.contrib.auth import get_user_model

from tests.learning.synthetic import class_documents
from trainer.textapi import labeling, services
from trainer.textapi.models import Role

from .helpers import as_vendor

EMAIL, PASSWORD = "analyst@example.com", "a long passphrase"
POLLS = 20


@pytest.fixture
def vendor(live_server, eager_celery, transactional_db):
    """The embedded service's base URL, with a project of two labeled sessions whose
    manager logs in by e-mail, and a public base model, as a customer finds them."""
    user = get_user_model().objects.create_user("analyst", email=EMAIL, password=PASSWORD)
    project = services.project_create(name="Newsroom", type="CLASS")
    services.member_set(project=project, user=user, role=Role.MANAGER)
    for name, seed in (("Batch 1", 1), ("Batch 2", 2)):
        labeling.labeling_session_create(
            project=project,
            name=name,
            owner=user,
            documents=as_vendor(class_documents(per_class=15, seed=seed), type="CLASS"),
        )
    services.base_model_train(
        name="news-base",
        display_name="News Pre-Trained",
        type="CLASS",
        language="en",
        documents=as_vendor(class_documents(per_class=15, seed=3), type="CLASS"),
        owner=None,
    )
    return f"{live_server.url}/api/text"


def _call(method: str, url: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, url, headers=headers, timeout=60, **kwargs)


def test_a_customers_script_trains_activates_analyzes_and_deletes(vendor):
    login = _call("POST", f"{vendor}/auth/login", json={"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 200, login.text
    token = login.json()["auth_token"]

    [project] = [p for p in _call("GET", f"{vendor}/projects", token).json()]
    assert (project["name"], project["type"]) == ("Newsroom", "CLASS")
    sessions = _call("GET", f"{vendor}/projects/{project['id']}/annotations", token).json()
    finished = [s["id"] for s in sessions if s["status"] == "FINISHED" and s["document_count"]]
    assert len(finished) == 2
    types = {t["name"] for t in _call("GET", f"{vendor}/types", token).json()}
    assert {"BASE", "CLASS"} <= types
    bases = _call("GET", f"{vendor}/models", token, params={"type": "BASE", "public": "true"})
    [base] = [m for m in bases.json()["models"] if m["display_name"] == "News Pre-Trained"]

    created = _call(
        "POST",
        f"{vendor}/projects/{project['id']}/models",
        token,
        json={
            "display_name": "Topics",
            "language": "en",
            "name": "newsroom-topics",
            "base_id": base["id"],
            "annotation_ids": finished,
        },
    )
    assert created.status_code == 201, created.text
    model_url = f"{vendor}/projects/{project['id']}/models/{created.json()['id']}"
    for _poll in range(POLLS):
        model = _call("GET", model_url, token).json()
        if model["status"] not in ("CREATED", "QUEUED", "TRAINING"):
            break
    assert model["status"] == "READY", model
    assert 0 < model["score"] <= 1
    assert isinstance(model["metrics"], dict)

    activated = _call("PUT", model_url, token, json={"status": "ACTIVE"})
    assert activated.json()["status"] == "ACTIVE", activated.text

    analyzed = _call(
        "POST",
        f"{vendor}/analyze",
        token,
        json={"model": "newsroom-topics", "documents": [{"text": "Rain and wind tomorrow."}]},
    ).json()
    [document] = analyzed["documents"]
    tags = [tag for segment in document["segments"] for tag in segment["tags"]]
    assert {"class": "weather"} in tags

    assert _call("DELETE", model_url, token).status_code == 204
    assert _call("GET", model_url, token).status_code == 404
