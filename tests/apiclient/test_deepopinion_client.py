"""The DeepOpinion Studio client: each status and failure mapped to one typed error."""

import io
import json

import pytest
import requests
import responses
from django.core.cache import cache
from responses import matchers

from trainer.apiclient.deepopinion import (
    BASE_MODEL_PAGES,
    CANCEL_EXTENSION,
    DeepOpinionClient,
    Model,
    TrainingSpec,
)
from trainer.apiclient.errors import (
    ApiAuthError,
    ApiBadResponse,
    ApiConflict,
    ApiForbidden,
    ApiNotFound,
    ApiServerError,
    ApiTimeout,
    ApiUnavailable,
    ApiValidationError,
)
from trainer.textapi import services
from trainer.textapi.models import Role, Status, TextModel

BASE = "http://vendor.test/api/"

MODEL = {
    "id": 7,
    "uuid": "3f1c2d4e-0000-4000-8000-000000000007",
    "project_id": 1,
    "name": "support-v1",
    "display_name": "Support v1",
    "short_description": "",
    "long_description": "",
    "language": "en",
    "type": "CLASS",
    "base": "",
    "owner": "svc",
    "created": "2026-11-24T10:00:00Z",
    "status": "QUEUED",
    "progress": 0.0,
    "score": None,
}


@pytest.fixture
def client():
    return DeepOpinionClient(base_url=BASE, token="s3cret-token", retries=2)


@responses.activate
def test_requests_carry_the_bearer_token(client):
    responses.get(
        BASE + "projects",
        json=[{"id": 1, "name": "Support", "role": "MANAGER"}],
        match=[matchers.header_matcher({"Authorization": "Bearer s3cret-token"})],
    )
    [project] = client.list_projects()
    assert (project.id, project.name, project.role) == (1, "Support", "MANAGER")


@responses.activate
def test_a_model_comes_back_as_a_dataclass_with_parsed_dates(client):
    responses.get(BASE + "projects/1/models/7", json=MODEL | {"unknown_extra": 1})
    model = client.get_model(1, 7)
    assert isinstance(model, Model)
    assert model.created.year == 2026
    assert model.status == "QUEUED" and not model.is_terminal


@responses.activate
def test_train_sends_exactly_the_spec_json(client):
    spec = TrainingSpec(name="m1", display_name="M 1", language="en", annotation_ids=[3, 4])
    responses.post(
        BASE + "projects/1/models",
        json=MODEL,
        status=201,
        match=[
            matchers.json_params_matcher(
                {"name": "m1", "display_name": "M 1", "language": "en", "annotation_ids": [3, 4]}
            )
        ],
    )
    assert client.train_model(1, spec).id == 7


@responses.activate
def test_list_models_filters_by_repeated_status(client):
    responses.get(
        BASE + "projects/1/models",
        json=[MODEL],
        match=[matchers.query_param_matcher({"status": ["QUEUED", "TRAINING"]})],
    )
    assert len(client.list_models(1, statuses=["QUEUED", "TRAINING"])) == 1


@pytest.mark.parametrize(
    ("step", "status"), [("activate_model", "ACTIVE"), ("publish_model", "PUBLISHED")]
)
@responses.activate
def test_a_status_changes_through_the_vendors_put(client, step, status):
    responses.put(
        BASE + "projects/1/models/7",
        json=MODEL | {"status": status},
        match=[matchers.json_params_matcher({"status": status})],
    )
    assert getattr(client, step)(1, 7).status == status


@pytest.mark.parametrize(
    ("info", "extensions"),
    [
        ({"name": "Text Training API", "extensions": ["cancel"]}, {"cancel"}),
        ({"version": "1.0"}, set()),  # the vendor's cloud announces none
    ],
)
@responses.activate
def test_the_extensions_are_those_info_announces(client, info, extensions):
    responses.get(BASE + "info", json=info)
    assert client.get_extensions() == extensions


@responses.activate
def test_extensions_of_the_wrong_shape_are_a_bad_response(client):
    responses.get(BASE + "info", json={"extensions": "cancel"})
    with pytest.raises(ApiBadResponse):
        client.get_extensions()


def _base(model_id: int, **extra) -> dict:
    return {"id": model_id, "name": f"base-{model_id}", "type": "BASE", "language": "en"} | extra


def _catalog_page(offset: int, *models: dict, has_more: bool) -> dict:
    return {
        "models": list(models),
        "count": len(models),
        "offset": offset,
        "limit": 100,
        "has_more": has_more,
    }


@responses.activate
def test_base_models_are_the_public_base_models_read_page_after_page(client):
    for offset, models, more in ((0, [_base(1), _base(2)], True), (100, [_base(3)], False)):
        responses.get(
            BASE + "models",
            json=_catalog_page(offset, *models, has_more=more),
            match=[
                matchers.query_param_matcher(
                    {"type": "BASE", "public": "true", "offset": str(offset), "limit": "100"}
                )
            ],
        )

    assert [base.id for base in client.list_base_models()] == [1, 2, 3]


@responses.activate
def test_a_base_model_that_does_not_say_its_language_has_none(client):
    unsaid = {"id": 4, "name": "Hotel Pre-Trained", "type": "BASE"}
    responses.get(BASE + "models", json=_catalog_page(0, unsaid, has_more=False))

    [base] = client.list_base_models()

    assert (base.name, base.type, base.language) == ("Hotel Pre-Trained", "BASE", "")


@responses.activate
def test_base_models_are_read_up_to_a_bound(client):
    endless = responses.get(BASE + "models", json=_catalog_page(0, _base(1), has_more=True))

    assert len(client.list_base_models()) == BASE_MODEL_PAGES
    assert endless.call_count == BASE_MODEL_PAGES


@responses.activate
def test_a_catalog_that_is_no_envelope_is_a_bad_response(client):
    responses.get(BASE + "models", json=[_base(1)])
    with pytest.raises(ApiBadResponse):
        client.list_base_models()


@responses.activate
def test_400_carries_the_field_errors(client):
    body = {"detail": "Invalid body.", "errors": {"name": ["This name is taken."]}}
    responses.post(BASE + "projects/1/models", json=body, status=400)
    with pytest.raises(ApiValidationError) as caught:
        client.train_model(1, TrainingSpec(name="m", display_name="m", language="en"))
    assert caught.value.field_errors == {"name": ["This name is taken."]}
    assert caught.value.message == "Invalid body."
    assert caught.value.status == 400


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (403, ApiForbidden),
        (404, ApiNotFound),
        (409, ApiConflict),
        (500, ApiServerError),
    ],
)
@responses.activate
def test_each_error_status_maps_to_one_typed_error(client, status, error):
    responses.put(
        BASE + "projects/1/models/7", json={"detail": "nope", "errors": {}}, status=status
    )
    with pytest.raises(error) as caught:
        client.activate_model(1, 7)
    assert caught.value.status == status
    assert caught.value.message == "nope"


@responses.activate
def test_refused_credentials_tell_the_person_an_administrator_must_fix_them(client):
    responses.get(BASE + "projects", json={"detail": "invalid token", "errors": {}}, status=401)

    with pytest.raises(ApiAuthError) as caught:
        client.list_projects()

    assert caught.value.status == 401
    assert "An administrator must check the API connection's token." in caught.value.message
    assert "invalid token" not in caught.value.message


@responses.activate
def test_an_error_without_json_still_gets_a_readable_message(client):
    responses.put(BASE + "projects/1/models/7", body="<html>boom</html>", status=500)
    with pytest.raises(ApiServerError) as caught:
        client.publish_model(1, 7)
    assert "internal error" in caught.value.message


@responses.activate
def test_a_success_that_is_not_json_is_a_bad_response(client):
    responses.get(BASE + "projects", body="<html>login</html>", status=200)
    with pytest.raises(ApiBadResponse):
        client.list_projects()


@responses.activate
def test_json_of_the_wrong_shape_is_a_bad_response(client):
    responses.get(BASE + "projects", json={"results": []})
    with pytest.raises(ApiBadResponse):
        client.list_projects()
    responses.get(BASE + "projects/1/models/7", json={"id": 7})
    with pytest.raises(ApiBadResponse):
        client.get_model(1, 7)


@responses.activate
def test_a_timeout_is_its_own_error(client):
    responses.post(BASE + "projects/1/models", body=requests.ReadTimeout("slow"))
    with pytest.raises(ApiTimeout):
        client.train_model(1, TrainingSpec(name="m", display_name="m", language="en"))


def test_connection_refused_is_unavailable():
    client = DeepOpinionClient(base_url="http://127.0.0.1:9/api/", token="t", retries=0)
    with pytest.raises(ApiUnavailable) as caught:
        client.list_projects()
    assert "cannot be reached" in caught.value.message


@responses.activate
def test_delete_returns_nothing_on_204(client):
    responses.delete(BASE + "projects/1/models/7", status=204)
    assert client.delete_model(1, 7) is None


@responses.activate
def test_get_is_retried_on_503_but_post_is_not(client):
    responses.get(BASE + "projects/1/models/7", status=503)
    responses.get(BASE + "projects/1/models/7", json=MODEL)
    assert client.get_model(1, 7).id == 7

    responses.post(BASE + "projects/1/models/7/cancel", status=503)
    with pytest.raises(ApiServerError):
        client.cancel_model(1, 7)
    post_calls = [c for c in responses.calls if c.request.method == "POST"]
    assert len(post_calls) == 1


@responses.activate
def test_ids_are_quoted_into_the_path(client):
    responses.get(BASE + "projects/1%2F2/annotations", json=[])
    assert client.list_sessions("1/2") == []


def test_the_token_never_appears_in_log_lines(client, caplog):
    with responses.RequestsMock() as mock:
        mock.get(BASE + "projects", json={"detail": "bad token", "errors": {}}, status=401)
        with pytest.raises(ApiAuthError):
            client.list_projects()
    assert "s3cret-token" not in caplog.text


def test_the_spec_leaves_out_empty_selections():
    spec = TrainingSpec(
        name="m",
        display_name="M",
        language="de",
        trainset_annotation_ids=[1],
        testset_annotation_ids=[2],
    )
    assert spec.to_json() == {
        "name": "m",
        "display_name": "M",
        "language": "de",
        "trainset_annotation_ids": [1],
        "testset_annotation_ids": [2],
    }
    assert json.dumps(spec.to_json())


# -- log-in with an account ----------------------------------------------------------


@pytest.fixture
def account(settings):
    """A client with an e-mail and password instead of a token; an empty cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield DeepOpinionClient(base_url=BASE, email="ops@example.com", password="pa55word", retries=0)
    cache.clear()


def _login_answers(*tokens: str) -> list:
    return [
        responses.post(
            BASE + "auth/login",
            json={"status": "success", "message": "Logged in.", "auth_token": token},
            match=[
                matchers.json_params_matcher({"email": "ops@example.com", "password": "pa55word"})
            ],
        )
        for token in tokens
    ]


def _bearer(token: str) -> list:
    return [matchers.header_matcher({"Authorization": f"Bearer {token}"})]


@responses.activate
def test_an_account_logs_in_and_sends_its_token(account):
    [login] = _login_answers("tok-1")
    responses.get(BASE + "projects", json=[], match=_bearer("tok-1"))

    assert account.list_projects() == []
    assert login.call_count == 1


@responses.activate
def test_the_token_is_shared_by_the_clients_of_the_same_account(account):
    [login] = _login_answers("tok-1")
    responses.get(BASE + "projects", json=[], match=_bearer("tok-1"))

    account.list_projects()
    DeepOpinionClient(base_url=BASE, email="ops@example.com", password="pa55word").list_projects()

    assert login.call_count == 1


@responses.activate
def test_a_refused_token_logs_in_again_once_and_repeats_the_call(account):
    cache.set(account._token_key, "expired")
    responses.get(
        BASE + "projects", json={"detail": "expired"}, status=401, match=_bearer("expired")
    )
    [login] = _login_answers("tok-2")
    responses.get(BASE + "projects", json=[{"id": 1, "name": "P"}], match=_bearer("tok-2"))

    [project] = account.list_projects()

    assert project.id == 1 and login.call_count == 1


@responses.activate
def test_a_token_refused_twice_is_an_auth_error_after_one_new_log_in(account):
    [login] = _login_answers("tok-1")
    refused = responses.get(BASE + "projects", json={"detail": "no"}, status=401)

    with pytest.raises(ApiAuthError):
        account.list_projects()

    assert (login.call_count, refused.call_count) == (2, 2)


@responses.activate
def test_a_wrong_password_is_an_auth_error():
    client = DeepOpinionClient(base_url=BASE, email="ops@example.com", password="x", retries=0)
    cache.clear()
    responses.post(BASE + "auth/login", json={"detail": "Wrong e-mail or password."}, status=401)

    with pytest.raises(ApiAuthError):
        client.list_projects()


@responses.activate
def test_an_upload_whose_token_is_refused_sends_the_file_again_from_its_start(account):
    cache.set(account._token_key, "expired")
    responses.post(BASE + "projects/1/annotations/upload", status=401, match=_bearer("expired"))
    _login_answers("tok-2")
    session = {"id": 3, "name": "s", "type": "CLASS", "language": "en"}
    responses.post(BASE + "projects/1/annotations/upload", json=session, match=_bearer("tok-2"))
    file = io.BytesIO(b"skipped\n" + b'{"text": "a"}\n')
    file.seek(len(b"skipped\n"))

    account.upload_session(1, file=file, filename="s.jsonl")

    sent = responses.calls[-1].request.body
    assert b'{"text": "a"}' in sent and b"skipped" not in sent


def test_the_password_and_tokens_are_never_logged_nor_cached_as_keys(account, caplog):
    caplog.set_level("DEBUG")
    with responses.RequestsMock() as mock:
        mock.post(BASE + "auth/login", json={"auth_token": "tok-secret"})
        mock.get(BASE + "projects", json={"detail": "no"}, status=401)
        with pytest.raises(ApiAuthError):
            account.list_projects()
    assert "pa55word" not in caplog.text and "tok-secret" not in caplog.text
    assert "pa55word" not in account._token_key and "ops@example.com" not in account._token_key


# -- over real HTTP against the embedded service ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_embedded_service_accepts_the_account_and_a_new_log_in(live_server, django_user_model):
    user = django_user_model.objects.create_user(
        username="ops", email="ops@example.com", password="pa55word"
    )
    project = services.project_create(name="Hotels")
    services.member_set(project=project, user=user, role=Role.MANAGER)
    cache.clear()
    client = DeepOpinionClient(
        base_url=f"{live_server.url}/api/text/", email="ops@example.com", password="pa55word"
    )

    assert [p.id for p in client.list_projects()] == [project.pk]
    cache.set(client._token_key, "revoked-or-expired")
    assert [p.id for p in client.list_projects()] == [project.pk]
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_embedded_service_moves_a_model_by_put_and_announces_cancel(
    live_server, django_user_model
):
    user = django_user_model.objects.create_user(username="manager")
    project = services.project_create(name="Hotels")
    services.member_set(project=project, user=user, role=Role.MANAGER)
    _token, raw = services.token_create(user=user, name="test")
    model = TextModel.objects.create(
        project=project, name="m", type="CLASS", language="en", owner=user, status=Status.READY
    )
    client = DeepOpinionClient(base_url=f"{live_server.url}/api/text/", token=raw)

    assert client.activate_model(project.pk, model.pk).status == "ACTIVE"
    assert client.publish_model(project.pk, model.pk).status == "PUBLISHED"
    assert CANCEL_EXTENSION in client.get_extensions()


@pytest.mark.django_db(transaction=True)
def test_the_embedded_service_lists_its_base_models(live_server, django_user_model):
    user = django_user_model.objects.create_user(username="reader")
    _token, raw = services.token_create(user=user, name="test")
    TextModel.objects.create(
        is_base=True, name="hotel", type="ABSA", language="en", status=Status.READY
    )
    client = DeepOpinionClient(base_url=f"{live_server.url}/api/text/", token=raw)

    [base] = client.list_base_models()

    assert (base.name, base.type, base.language) == ("hotel", "BASE", "en")
