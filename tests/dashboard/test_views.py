"""Every dashboard view for every kind of visitor, and the behaviours of the pages."""

import re

import pytest
import requests
from csp.constants import NONCE, SELF
from django.urls import reverse
from django_htmx.http import HTMX_STOP_POLLING
from responses import matchers

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.models import Role, TrainedModel, TrainingRequest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def model(project):
    return factories.make_model(project=project, remote_id=31, status="READY")


def _urls(project, model):
    p, m = project.pk, model.pk
    return {
        "project": reverse("dashboard:project", args=[p]),
        "project-refresh": reverse("dashboard:project-refresh", args=[p]),
        "model-new": reverse("dashboard:model-new", args=[p]),
        "model": reverse("dashboard:model", args=[p, m]),
        "model-status": reverse("dashboard:model-status", args=[p, m]),
        "model-activate": reverse("dashboard:model-activate", args=[p, m]),
        "model-publish": reverse("dashboard:model-publish", args=[p, m]),
        "model-cancel": reverse("dashboard:model-cancel", args=[p, m]),
        "model-delete": reverse("dashboard:model-delete", args=[p, m]),
        "model-compare": reverse("dashboard:model-compare", args=[p]),
        "model-new-summary": reverse("dashboard:model-new-summary", args=[p]),
    }


READ_PAGES = ["project", "model", "model-status", "model-compare"]
MANAGER_PAGES = [
    "model-new",
    "model-new-summary",
    "model-activate",
    "model-publish",
    "model-cancel",
    "model-delete",
]
MANAGER_POSTS = [
    "project-refresh",
    "model-new",
    "model-activate",
    "model-publish",
    "model-cancel",
    "model-delete",
]
ALL_GETS = READ_PAGES + MANAGER_PAGES


# -- anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", *ALL_GETS])
def test_anonymous_visitors_are_sent_to_log_in(client, project, model, name):
    url = reverse("dashboard:home") if name == "home" else _urls(project, model)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", MANAGER_POSTS)
def test_anonymous_posts_are_sent_to_log_in(client, api, project, model, name):
    response = client.post(_urls(project, model)[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert len(api.calls) == 0


# -- non-members (staff too) -------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_GETS)
def test_non_members_get_404_for_every_project_page(client, project, model, outsider, name):
    client.force_login(outsider)
    assert client.get(_urls(project, model)[name]).status_code == 404


@pytest.mark.parametrize("name", MANAGER_POSTS)
def test_non_members_get_404_for_every_project_action(client, api, project, model, name):
    superuser = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.post(_urls(project, model)[name]).status_code == 404
    assert len(api.calls) == 0


def test_a_model_of_another_project_is_not_found_through_this_one(client, project, reader):
    other_model = factories.make_model(project=factories.make_project())
    client.force_login(reader)
    url = reverse("dashboard:model", args=[project.pk, other_model.pk])
    assert client.get(url).status_code == 404


# -- read-only members -------------------------------------------------------------------


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_only_members_see_pages_without_manager_buttons(client, project, model, reader, name):
    client.force_login(reader)
    response = client.get(_urls(project, model)[name])
    assert response.status_code in (200, HTMX_STOP_POLLING)
    content = response.content.decode()
    for action in ("model-new", "project-refresh", "model-activate", "model-delete"):
        assert _urls(project, model)[action] not in content


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_read_only_members_get_403_for_manager_pages(client, project, model, reader, name):
    client.force_login(reader)
    assert client.get(_urls(project, model)[name]).status_code == 403


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
@pytest.mark.parametrize("name", MANAGER_POSTS)
def test_members_below_manager_get_403_for_every_action_whatever_they_post(
    client, api, project, model, role, name
):
    user = factories.make_member(project=project, role=role)
    factories.make_session(project=project)
    client.force_login(user)
    response = client.post(
        _urls(project, model)[name],
        {"display_name": "x", "language": "en", "mode": "pool", "pool_sessions": ["1"]},
    )
    assert response.status_code == 403
    assert len(api.calls) == 0
    assert TrainedModel.objects.filter(pk=model.pk).exists()


# -- managers ----------------------------------------------------------------------------


def test_home_lists_the_users_projects_with_counts(client, project, model, manager):
    factories.make_project(name="Someone else's")
    client.force_login(manager)
    response = client.get(reverse("dashboard:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Support inbox" in content
    assert "Someone else" not in content
    assert "badge--ready" in content


def test_home_without_projects_says_what_to_do(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("dashboard:home"))
    assert "Ask an administrator to add you to a project" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OWNER])
def test_managers_and_owners_see_the_project_with_sessions_models_and_buttons(
    client, project, model, role
):
    factories.make_session(project=project, name="Week 1", documents=120)
    client.force_login(factories.make_member(project=project, role=role))
    response = client.get(_urls(project, model)["project"])
    content = response.content.decode()
    assert response.status_code == 200
    assert "Week 1" in content and "120" in content
    assert f'id="model-row-{model.pk}"' in content
    assert _urls(project, model)["model-new"] in content
    assert _urls(project, model)["project-refresh"] in content


def test_managers_refresh_the_project_from_the_service(client, api, project, model, manager):
    api.get(f"{API}projects/7", json=factories.project_json(id=7, name="Renamed"))
    api.get(f"{API}projects/7/annotations", json=[factories.session_json(name="New session")])
    api.get(f"{API}projects/7/models", json=[factories.model_json(id=31, status="READY")])
    client.force_login(manager)

    response = client.post(_urls(project, model)["project-refresh"], follow=True)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Renamed" in content and "New session" in content


def test_an_unreachable_service_is_shown_as_a_message(client, api, project, model, manager):
    api.get(f"{API}projects/7", body=requests.ConnectionError())
    client.force_login(manager)

    response = client.post(_urls(project, model)["project-refresh"], follow=True)

    assert response.status_code == 200
    assert "cannot be reached" in response.content.decode()


def test_managers_see_the_model_page_with_metrics_and_actions(client, api, project, manager):
    model = factories.make_model(
        project=project,
        status="READY",
        score=0.87,
        metrics={"micro_f1": 0.87, "test_documents": 30, "macro_f1": 0.9},
    )
    client.force_login(manager)
    response = client.get(_urls(project, model)["model"])
    content = response.content.decode()
    assert response.status_code == 200
    assert "Micro F1" in content and "0.870" in content
    assert _urls(project, model)["model-activate"] in content
    assert _urls(project, model)["model-delete"] in content


def test_a_failed_model_shows_its_error(client, project, reader):
    model = factories.make_model(project=project, status="FAILED", error="Too few documents.")
    client.force_login(reader)
    response = client.get(_urls(project, model)["model"])
    assert "Too few documents." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "status_before", "status_after"),
    [
        ("model-activate", "READY", "ACTIVE"),
        ("model-publish", "ACTIVE", "PUBLISHED"),
        ("model-cancel", "TRAINING", "FAILED"),
    ],
)
def test_managers_move_a_model_through_its_lifecycle(
    client, api, project, manager, name, status_before, status_after
):
    model = factories.make_model(project=project, remote_id=31, status=status_before)
    answer = factories.model_json(id=31, status=status_after)
    if name == "model-cancel":
        api.post(f"{API}projects/7/models/31/cancel", json=answer)
    else:
        api.put(
            f"{API}projects/7/models/31",
            json=answer,
            match=[matchers.json_params_matcher({"status": status_after})],
        )
    client.force_login(manager)

    response = client.post(_urls(project, model)[name])

    assert response.status_code == 302
    assert response["Location"] == _urls(project, model)["model"]
    model.refresh_from_db()
    assert model.status == status_after


def test_a_training_model_offers_cancel_where_the_service_announces_it(
    client, api, project, manager
):
    model = factories.make_model(project=project, remote_id=31, status="TRAINING")
    client.force_login(manager)

    assert "Cancel training" in client.get(_urls(project, model)["model"]).content.decode()


@pytest.mark.parametrize("info", [{"name": "DeepOpinion"}, {"extensions": []}])
def test_without_the_cancel_extension_no_cancel_is_offered_and_the_view_says_why(
    client, api, project, manager, info
):
    api.replace("GET", f"{API}info", json=info)
    cancel = api.post(f"{API}projects/7/models/31/cancel", json={})
    model = factories.make_model(project=project, remote_id=31, status="TRAINING")
    client.force_login(manager)

    page = client.get(_urls(project, model)["model"]).content.decode()
    response = client.post(_urls(project, model)["model-cancel"], follow=True)

    assert "Cancel training" not in page
    assert "The training service does not offer this action." in response.content.decode()
    assert cancel.call_count == 0
    model.refresh_from_db()
    assert model.status == "TRAINING"


def test_the_services_403_is_shown_as_a_clear_message(client, api, project, model, manager):
    api.put(
        f"{API}projects/7/models/31",
        status=403,
        json={"detail": "The service account is read-only in this project."},
    )
    client.force_login(manager)

    response = client.post(_urls(project, model)["model-activate"], follow=True)

    assert response.status_code == 200
    assert "The service account is read-only in this project." in response.content.decode()


def test_delete_asks_for_confirmation_first(client, api, project, model, manager):
    client.force_login(manager)
    response = client.get(_urls(project, model)["model-delete"])
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    assert len(api.calls) == 0


def test_managers_delete_a_model(client, api, project, model, manager):
    api.delete(f"{API}projects/7/models/31", status=204)
    client.force_login(manager)

    response = client.post(_urls(project, model)["model-delete"])

    assert response.status_code == 302
    assert response["Location"] == _urls(project, model)["project"]
    assert not TrainedModel.objects.filter(pk=model.pk).exists()


# -- the polled status fragment ----------------------------------------------------------


@pytest.mark.parametrize("fragment", ["row", "card"])
def test_status_of_a_model_in_flight_keeps_polling(client, api, project, reader, fragment):
    model = factories.make_model(project=project, status="TRAINING", progress=42.0)
    client.force_login(reader)

    response = client.get(
        _urls(project, model)["model-status"], {"fragment": fragment}, headers=HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in content
    assert 'hx-swap="outerHTML"' in content
    assert f"fragment={fragment}" in content
    assert '<progress class="progress" value="42.0" max="100"' in content
    assert "42%" in content
    assert "<html" not in content
    assert len(api.calls) == 0  # poll views read the database only


@pytest.mark.parametrize("fragment", ["row", "card"])
def test_status_of_a_finished_model_stops_polling_with_286(client, api, project, reader, fragment):
    model = factories.make_model(project=project, status="READY", score=0.9)
    client.force_login(reader)

    response = client.get(
        _urls(project, model)["model-status"], {"fragment": fragment}, headers=HTMX
    )

    content = response.content.decode()
    assert response.status_code == HTMX_STOP_POLLING
    assert "hx-trigger" not in content
    assert "hx-get" not in content
    assert "0.900" in content
    assert len(api.calls) == 0


def test_the_row_fragment_is_the_same_markup_as_the_project_pages_row(client, project, reader):
    model = factories.make_model(project=project, status="QUEUED")
    client.force_login(reader)

    page = client.get(_urls(project, model)["project"]).content.decode()
    fragment = client.get(
        _urls(project, model)["model-status"], {"fragment": "row"}, headers=HTMX
    ).content.decode()

    row = re.search(rf'<tr id="model-row-{model.pk}".*?</tr>', page, re.S).group(0)
    assert fragment.strip() == row.strip()


# -- the training form -------------------------------------------------------------------


@pytest.fixture
def sessions(project):
    return [
        factories.make_session(project=project, remote_id=11, name="Week 1"),
        factories.make_session(project=project, remote_id=12, name="Week 2"),
    ]


BASE_QUERY = matchers.query_param_matcher({"type": "BASE", "public": "true"}, strict_match=False)


@pytest.fixture
def base_models(api):
    api.get(
        f"{API}models",
        json=factories.catalog_json(
            factories.base_model_json(id=1, display_name="English topics", language="en"),
            factories.base_model_json(id=2, display_name="Deutsche Themen", language="de"),
        ),
        match=[
            matchers.query_param_matcher({"type": "BASE", "public": "true"}, strict_match=False)
        ],
    )


def test_the_training_form_shows_every_field(client, project, manager, sessions, base_models):
    client.force_login(manager)
    response = client.get(reverse("dashboard:model-new", args=[project.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    for field in (
        "display_name",
        "name",
        "language",
        "base_model",
        "mode",
        "pool_sessions",
        "train_sessions",
        "test_sessions",
    ):
        assert f'name="{field}"' in content
    assert "English topics" in content and "Deutsche Themen" in content
    assert "Week 1" in content


def test_the_training_form_without_sessions_says_what_to_do(client, project, manager, base_models):
    client.force_login(manager)
    response = client.get(reverse("dashboard:model-new", args=[project.pk]))
    assert "Refresh from service" in response.content.decode()


def test_changing_the_language_reloads_only_that_languages_base_models(
    client, project, manager, base_models
):
    client.force_login(manager)
    response = client.get(
        reverse("dashboard:model-new", args=[project.pk]),
        {"language": "de"},
        headers=HTMX | {"HX-Target": "base-model-field"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.strip().startswith('<div class="field" id="base-model-field">')
    assert "Deutsche Themen" in content and "English topics" not in content
    assert "HX-Request" in response["Vary"]


def test_a_base_model_that_does_not_say_its_language_is_offered_and_sent_for_any(
    client, api, project, manager, sessions
):
    hotel = factories.base_model_json(id=5, display_name="Hotel Pre-Trained", language="")
    api.get(f"{API}models", json=factories.catalog_json(hotel), match=[BASE_QUERY])
    api.post(f"{API}projects/7/models", status=201, json=factories.model_json(id=31))
    client.force_login(manager)

    form = client.get(reverse("dashboard:model-new", args=[project.pk]), {"language": "de"})
    response = _post_training(client, project, pool_sessions=[sessions[0].pk], base_model="5")

    assert "Hotel Pre-Trained" in form.content.decode()
    assert response.status_code == 302
    assert TrainingRequest.objects.get().payload["base_id"] == 5


def test_a_base_model_of_another_language_is_refused_on_its_field(
    client, api, project, manager, sessions, base_models
):
    client.force_login(manager)

    response = _post_training(client, project, pool_sessions=[sessions[0].pk], base_model="2")

    assert response.context["form"].errors["base_model"] == [
        "This base model is for another language."
    ]


def test_base_models_unavailable_still_lets_people_train(client, api, project, manager):
    api.get(f"{API}models", body=requests.ConnectionError())
    client.force_login(manager)
    response = client.get(reverse("dashboard:model-new", args=[project.pk]))
    assert response.status_code == 200
    assert "Base models are not available" in response.content.decode()


def _post_training(client, project, **data):
    values = {"display_name": "Topics v1", "name": "", "language": "en", "mode": "pool"} | data
    return client.post(reverse("dashboard:model-new", args=[project.pk]), values)


def test_managers_start_training_and_land_on_the_model_page(
    client, api, project, manager, sessions, base_models
):
    api.post(f"{API}projects/7/models", status=201, json=factories.model_json(id=31))
    client.force_login(manager)

    response = _post_training(client, project, pool_sessions=[sessions[0].pk], base_model="1")

    model = TrainedModel.objects.get(remote_id=31)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:model", args=[project.pk, model.pk])
    assert model.started_by == manager
    request = TrainingRequest.objects.get()
    assert request.payload["annotation_ids"] == [11]
    assert request.payload["base_id"] == 1


def test_the_form_needs_at_least_one_session(client, api, project, manager, sessions, base_models):
    client.force_login(manager)
    response = _post_training(client, project)
    assert response.status_code == 200
    assert response.context["form"].errors["pool_sessions"]
    assert not any(call.request.method == "POST" for call in api.calls)


def test_a_session_cannot_be_in_both_sets(client, api, project, manager, sessions, base_models):
    client.force_login(manager)
    response = _post_training(
        client,
        project,
        mode="split",
        train_sessions=[sessions[0].pk, sessions[1].pk],
        test_sessions=[sessions[1].pk],
    )
    assert "Week 2" in response.context["form"].errors["test_sessions"][0]
    assert not any(call.request.method == "POST" for call in api.calls)


@pytest.mark.parametrize(
    ("contract_field", "form_field"),
    [
        ("name", "name"),
        ("annotation_ids", "pool_sessions"),
        ("base_id", "base_model"),
        ("language", "language"),
    ],
)
def test_the_services_400_is_shown_next_to_the_right_field(
    client, api, project, manager, sessions, base_models, contract_field, form_field
):
    message = f"The service does not like this {contract_field}."
    api.post(
        f"{API}projects/7/models",
        status=400,
        json={"detail": "Invalid body.", "errors": {contract_field: [message]}},
    )
    client.force_login(manager)

    response = _post_training(client, project, pool_sessions=[sessions[0].pk])

    assert response.status_code == 200
    assert response.context["form"].errors[form_field] == [message]
    error_list = f'<ul class="errorlist" id="id_{form_field}_error"><li>{message}</li></ul>'
    assert error_list in response.content.decode()


def test_the_services_400_on_the_train_set_goes_to_the_train_set_field(
    client, api, project, manager, sessions, base_models
):
    api.post(
        f"{API}projects/7/models",
        status=400,
        json={"errors": {"trainset_annotation_ids": ["Session 11 is empty."]}},
    )
    client.force_login(manager)

    response = _post_training(client, project, mode="split", train_sessions=[sessions[0].pk])

    assert response.context["form"].errors["train_sessions"] == ["Session 11 is empty."]


def test_an_unreachable_service_is_shown_above_the_form(
    client, api, project, manager, sessions, base_models
):
    api.post(f"{API}projects/7/models", body=requests.ConnectionError())
    client.force_login(manager)

    response = _post_training(client, project, pool_sessions=[sessions[0].pk])

    assert response.status_code == 200
    assert "cannot be reached" in str(response.context["form"].non_field_errors())
    assert TrainingRequest.objects.get().error


# -- login, logout, page shell -----------------------------------------------------------


def test_the_login_page_renders_with_labels(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_username"' in content and 'for="id_password"' in content


def test_logging_out_is_a_post(client, manager):
    client.force_login(manager)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_pages_load_htmx_with_the_csp_nonce_and_no_inline_styles(
    client, project, model, manager, settings
):
    # django-csp 4 puts the nonce in the header for its NONCE constant (a literal
    # "'nonce'" in the settings stays a literal).
    policy = {**settings.CONTENT_SECURITY_POLICY}
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "script-src": [SELF, NONCE]}
    settings.CONTENT_SECURITY_POLICY = policy
    client.force_login(manager)
    response = client.get(_urls(project, model)["project"])
    content = response.content.decode()
    nonce = re.search(r'<script src="[^"]*htmx-2[^"]*" defer nonce="([^"]+)"', content).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "style=" not in content
    assert "includeIndicatorStyles" in content
    assert "cdn" not in content.lower()
