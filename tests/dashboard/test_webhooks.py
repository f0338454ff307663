"""Outgoing webhooks: set by managers, fired on READY / FAILED / PUBLISHED, signed,
delivered by Celery with retries, every attempt kept; the secret is never shown."""

import hashlib
import hmac
import http.server
import json
import logging
import threading
import time

import pytest
import requests
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API, enqueued
from trainer.dashboard import tasks, webhooks
from trainer.dashboard.models import (
    AuditEvent,
    Role,
    TrainedModel,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from trainer.dashboard.text import services, sync

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.example.com/trainer"
OTHER_HOOK = "http://chat.example.org/incoming/42"
SECRET = "the-receivers-secret-7f3a9c"


@pytest.fixture(autouse=True)
def service_project(api):
    """The service answers for the project, whose settings page shows its classes."""
    api.get(f"{API}projects/7", json=factories.project_json(id=7))


@pytest.fixture
def webhook(project, manager):
    return webhooks.webhook_create(project=project, user=manager, url=HOOK, secret=SECRET)


@pytest.fixture
def model(project):
    return factories.make_model(project=project, remote_id=31, status="TRAINING")


def _sync_to(api, client_api, model, **answer):
    """The service now says ``answer`` of the model; the dashboard syncs it."""
    api.get(f"{API}projects/7/models/31", json=factories.model_json(id=31, **answer))
    return sync.model_sync(model=model, client=client_api)


def _delivery_of(api, client_api, model, django_capture_on_commit_callbacks, **answer):
    with django_capture_on_commit_callbacks():
        _sync_to(api, client_api, model, **answer)
    return WebhookDelivery.objects.get()


def _settings_url(project):
    return reverse("dashboard:project-settings", args=[project.pk])


# -- what is sent ----------------------------------------------------------------------


def test_a_delivery_is_signed_with_the_hmac_sha256_of_its_raw_body(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, body="thanks")

    webhooks.webhook_deliver(delivery=delivery)

    request = api.calls[-1].request
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Trainer-Signature"] == f"sha256={expected}"


def test_a_delivery_names_its_event_id_and_time_in_headers(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK)

    webhooks.webhook_deliver(delivery=delivery)

    headers = api.calls[-1].request.headers
    assert headers["X-Trainer-Event"] == "model.ready"
    assert headers["X-Trainer-Delivery"] == str(delivery.uuid)
    assert abs(int(headers["X-Trainer-Timestamp"]) - time.time()) < 60
    assert headers["Content-Type"] == "application/json"


def test_the_body_tells_which_model_of_which_project_reached_which_status(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY", score=0.91
    )

    body = json.loads(delivery.body)

    assert body["event"] == "model.ready"
    assert body["id"] == str(delivery.uuid)
    assert body["project"] == {"id": model.project.pk, "remote_id": 7, "name": "Support inbox"}
    assert body["model"]["id"] == model.pk
    assert (body["model"]["status"], body["model"]["score"]) == ("READY", 0.91)


def test_a_failed_training_sends_the_failed_event_with_its_reason(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api,
        client_api,
        model,
        django_capture_on_commit_callbacks,
        status="FAILED",
        error="Only one class in the train set.",
    )

    assert delivery.event == "model.failed"
    assert json.loads(delivery.body)["model"]["error"] == "Only one class in the train set."


def test_publishing_a_model_sends_the_published_event(
    api, client_api, project, manager, webhook, django_capture_on_commit_callbacks
):
    model = factories.make_model(project=project, remote_id=31, status="ACTIVE")
    api.put(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="PUBLISHED"))

    with django_capture_on_commit_callbacks() as callbacks:
        services.model_publish(model=model, user=manager, client=client_api)

    assert len(enqueued(callbacks)) == 1
    assert WebhookDelivery.objects.get().event == "model.published"


def test_a_status_without_an_event_sends_nothing(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _sync_to(api, client_api, model, status="TRAINING", progress=80.0)
        model.refresh_from_db()
        _sync_to(api, client_api, model, status="QUEUED")

    assert enqueued(callbacks) == []
    assert not WebhookDelivery.objects.exists()


# -- delivery by Celery ----------------------------------------------------------------


def test_a_ready_sync_enqueues_exactly_one_delivery_per_webhook(
    api, project, manager, model, celery_eager, django_capture_on_commit_callbacks
):
    for url in (HOOK, OTHER_HOOK):
        webhooks.webhook_create(project=project, user=manager, url=url, secret=SECRET)
        api.post(url, body="ok")
    api.get(f"{API}projects/7/models/31", json=factories.model_json(id=31, status="READY"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.model_sync(model_id=model.pk)
    with django_capture_on_commit_callbacks(execute=True) as later:
        tasks.model_sync(model_id=model.pk)  # READY again: nothing new to tell

    assert len(enqueued(callbacks)) == 2
    assert enqueued(later) == []
    posted = [call.request.url for call in api.calls if call.request.method == "POST"]
    assert sorted(posted) == sorted([HOOK, OTHER_HOOK])
    assert WebhookAttempt.objects.filter(status_code=200).count() == 2


def test_an_event_learnt_twice_at_once_is_delivered_once(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    stale = TrainedModel.objects.get(pk=model.pk)  # a second sync that read it meanwhile

    with django_capture_on_commit_callbacks() as callbacks:
        _sync_to(api, client_api, model, status="READY")
        _sync_to(api, client_api, stale, status="READY")

    assert len(enqueued(callbacks)) == 1
    assert WebhookDelivery.objects.count() == 1


def test_the_task_retries_a_server_error_and_a_timeout_until_delivered(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, status=500, body="boom")
    api.post(HOOK, body=requests.ReadTimeout())
    api.post(HOOK, status=202, body="queued")

    result = tasks.webhook_deliver.apply(kwargs={"delivery_id": delivery.pk})

    assert result.successful()
    attempts = list(delivery.attempts.order_by("number"))
    assert [(a.number, a.status_code) for a in attempts] == [(1, 500), (2, None), (3, 202)]
    assert attempts[0].response_body == "boom"
    assert attempts[1].error == "No answer in time."
    bodies = {call.request.body for call in api.calls if call.request.method == "POST"}
    signatures = {
        call.request.headers["X-Trainer-Signature"]
        for call in api.calls
        if call.request.method == "POST"
    }
    assert len(bodies) == len(signatures) == 1  # the same delivery, sent again as it was


def test_a_receiver_that_answers_410_is_not_tried_again(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, status=410, body="gone")

    result = tasks.webhook_deliver.apply(kwargs={"delivery_id": delivery.pk})

    assert result.successful()
    assert list(delivery.attempts.values_list("status_code", flat=True)) == [410]


@pytest.mark.parametrize("status", [408, 429])
def test_a_receiver_that_asks_to_wait_is_tried_again(
    api, client_api, model, webhook, django_capture_on_commit_callbacks, status
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, status=status)
    api.post(HOOK, status=200)

    tasks.webhook_deliver.apply(kwargs={"delivery_id": delivery.pk})

    assert sorted(delivery.attempts.values_list("status_code", flat=True)) == [200, status]


def test_a_receiver_that_stays_down_is_given_up_after_the_last_retry(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, status=503)

    result = tasks.webhook_deliver.apply(kwargs={"delivery_id": delivery.pk})

    assert result.failed()
    assert delivery.attempts.count() == 1 + tasks.webhook_deliver.max_retries


def test_a_delivery_that_went_through_is_not_sent_again(
    api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK)

    assert tasks.webhook_deliver(delivery_id=delivery.pk) == 200
    assert tasks.webhook_deliver(delivery_id=delivery.pk) is None
    assert delivery.attempts.count() == 1


def test_the_delivery_task_retries_with_exponential_backoff_a_bounded_number_of_times():
    task = tasks.webhook_deliver
    assert task.autoretry_for == (webhooks.WebhookDeliveryFailed,)
    assert task.retry_backoff and task.retry_jitter and task.acks_late
    assert 0 < task.max_retries <= 10


def test_the_delivery_task_runs_on_the_sync_queue():
    from trainer.celery import app

    route = app.amqp.router.route({}, "trainer.dashboard.tasks.webhook_deliver")
    assert route["queue"].name == "sync"


# -- the settings page -----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.ANNOTATOR])
def test_members_below_manager_cannot_see_the_webhooks(client, project, webhook, role):
    client.force_login(factories.make_member(project=project, role=role))

    assert client.get(_settings_url(project)).status_code == 403


def test_a_non_member_does_not_learn_the_project_exists(client, project, outsider):
    client.force_login(outsider)

    assert client.get(_settings_url(project)).status_code == 404


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OWNER])
def test_managers_and_owners_see_the_webhooks(client, project, webhook, role):
    client.force_login(factories.make_member(project=project, role=role))

    response = client.get(_settings_url(project))

    assert response.status_code == 200
    assert HOOK in response.content.decode()


def test_a_reader_cannot_add_change_or_remove_a_webhook(client, project, reader, webhook):
    client.force_login(reader)
    urls = [
        _settings_url(project),
        reverse("dashboard:webhook-update", args=[project.pk, webhook.pk]),
        reverse("dashboard:webhook-delete", args=[project.pk, webhook.pk]),
    ]
    data = {"new-url": OTHER_HOOK, "new-secret": "x" * 20, f"webhook-{webhook.pk}-url": OTHER_HOOK}

    assert [client.post(url, data).status_code for url in urls] == [403, 403, 403]
    assert list(Webhook.objects.values_list("url", "secret")) == [(HOOK, SECRET)]


def test_the_project_page_links_managers_to_the_settings(client, project, manager, reader):
    client.force_login(manager)
    assert (
        _settings_url(project)
        in client.get(reverse("dashboard:project", args=[project.pk])).content.decode()
    )
    client.force_login(reader)
    assert (
        _settings_url(project)
        not in client.get(reverse("dashboard:project", args=[project.pk])).content.decode()
    )


def test_a_manager_adds_a_webhook(client, project, manager):
    client.force_login(manager)

    response = client.post(_settings_url(project), {"new-url": HOOK, "new-secret": SECRET})

    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert (webhook.project, webhook.url, webhook.secret) == (project, HOOK, SECRET)
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.subject) == ("webhook_added", manager, HOOK)


@pytest.mark.parametrize(
    "url", ["ftp://files.example.com/in", "javascript:alert(1)", "file:///etc/passwd"]
)
def test_only_http_and_https_urls_are_accepted(client, project, manager, url):
    client.force_login(manager)

    response = client.post(_settings_url(project), {"new-url": url, "new-secret": SECRET})

    assert response.status_code == 400
    assert not Webhook.objects.exists()


def test_a_url_with_a_user_name_and_password_is_refused(client, project, manager):
    client.force_login(manager)

    response = client.post(
        _settings_url(project),
        {"new-url": "https://bot:hunter2@hooks.example.com/x", "new-secret": SECRET},
    )

    assert response.status_code == 400
    assert "Leave user names and passwords out of the URL" in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_new_webhook_needs_a_secret(client, project, manager):
    client.force_login(manager)

    response = client.post(_settings_url(project), {"new-url": HOOK, "new-secret": ""})

    assert response.status_code == 400
    assert not Webhook.objects.exists()


def test_saving_with_an_empty_secret_keeps_the_secret(client, project, manager, webhook):
    client.force_login(manager)
    url = reverse("dashboard:webhook-update", args=[project.pk, webhook.pk])

    client.post(url, {f"webhook-{webhook.pk}-url": OTHER_HOOK, f"webhook-{webhook.pk}-secret": ""})

    webhook.refresh_from_db()
    assert (webhook.url, webhook.secret) == (OTHER_HOOK, SECRET)


def test_a_manager_replaces_the_secret(client, project, manager, webhook):
    client.force_login(manager)
    url = reverse("dashboard:webhook-update", args=[project.pk, webhook.pk])

    client.post(
        url,
        {f"webhook-{webhook.pk}-url": HOOK, f"webhook-{webhook.pk}-secret": "a-new-secret-0123"},
    )

    webhook.refresh_from_db()
    assert webhook.secret == "a-new-secret-0123"
    assert AuditEvent.objects.filter(action="webhook_changed").count() == 1


def test_a_manager_removes_a_webhook(client, project, manager, webhook):
    client.force_login(manager)

    response = client.post(reverse("dashboard:webhook-delete", args=[project.pk, webhook.pk]))

    assert response.status_code == 302
    assert not Webhook.objects.exists()
    assert AuditEvent.objects.filter(action="webhook_removed", subject=HOOK).exists()


def test_a_webhook_of_another_project_is_not_found(client, project, manager):
    other = factories.make_project(name="Other")
    foreign = Webhook.objects.create(project=other, url=HOOK, secret=SECRET)
    client.force_login(manager)

    response = client.post(reverse("dashboard:webhook-delete", args=[project.pk, foreign.pk]))

    assert response.status_code == 404
    assert Webhook.objects.filter(pk=foreign.pk).exists()


def test_the_page_shows_the_last_deliveries_and_their_answers(
    client, api, client_api, manager, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, status=500, body="receiver exploded")
    api.post(HOOK, status=204)
    tasks.webhook_deliver.apply(kwargs={"delivery_id": delivery.pk})
    client.force_login(manager)

    content = client.get(_settings_url(model.project)).content.decode()

    assert "Model ready" in content
    assert ">500<" in content and ">204<" in content
    assert "receiver exploded" in content
    assert str(model) in content


# -- the secret stays secret -----------------------------------------------------------


def test_the_secret_is_not_rendered_on_the_settings_page(client, project, manager, webhook):
    client.force_login(manager)

    content = client.get(_settings_url(project)).content.decode()

    assert SECRET not in content
    assert "Secret: set" in content


def test_a_refused_form_does_not_echo_the_secret_typed(client, project, manager, webhook):
    client.force_login(manager)
    url = reverse("dashboard:webhook-update", args=[project.pk, webhook.pk])
    typed = "typed-but-refused-secret"

    response = client.post(
        url, {f"webhook-{webhook.pk}-url": "ftp://nope", f"webhook-{webhook.pk}-secret": typed}
    )

    assert response.status_code == 400
    assert typed not in response.content.decode()
    assert SECRET not in response.content.decode()


def test_the_secret_is_not_rendered_in_the_admin(client, project, webhook):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    pages = [
        reverse("admin:dashboard_webhook_changelist"),
        reverse("admin:dashboard_webhook_change", args=[webhook.pk]),
        reverse("admin:dashboard_webhook_add"),
    ]
    contents = [client.get(url).content.decode() for url in pages]

    assert all(SECRET not in content for content in contents)
    assert ">set<" in contents[1]


def test_the_admin_sets_and_replaces_a_secret(client, project):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    add = reverse("admin:dashboard_webhook_add")

    client.post(add, {"project": project.pk, "url": HOOK, "new_secret": SECRET})
    webhook = Webhook.objects.get()
    change = reverse("admin:dashboard_webhook_change", args=[webhook.pk])
    client.post(change, {"project": project.pk, "url": OTHER_HOOK, "new_secret": ""})

    webhook.refresh_from_db()
    assert (webhook.url, webhook.secret) == (OTHER_HOOK, SECRET)


def test_the_admin_lists_deliveries_with_their_attempts(
    client, api, client_api, model, webhook, django_capture_on_commit_callbacks
):
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, status=200, body="fine")
    webhooks.webhook_deliver(delivery=delivery)
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:dashboard_webhookdelivery_changelist"))
    detail = client.get(reverse("admin:dashboard_webhookdelivery_change", args=[delivery.pk]))

    assert listing.status_code == detail.status_code == 200
    assert "fine" in detail.content.decode()
    assert SECRET not in detail.content.decode()


def test_the_secret_is_not_logged(
    client, caplog, api, client_api, project, manager, model, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    client.force_login(manager)
    client.post(_settings_url(project), {"new-url": HOOK, "new-secret": SECRET})
    delivery = _delivery_of(
        api, client_api, model, django_capture_on_commit_callbacks, status="READY"
    )
    api.post(HOOK, status=500)
    api.post(HOOK, body=requests.ConnectionError())
    api.post(HOOK, status=200)

    tasks.webhook_deliver.apply(kwargs={"delivery_id": delivery.pk})

    assert delivery.attempts.count() == 3
    assert "Webhook" in caplog.text  # the failures were logged …
    assert SECRET not in caplog.text  # … without the secret


@pytest.mark.parametrize("allowed", [False, True])
def test_a_receiver_inside_the_network_is_reached_only_when_allowed(
    api, client_api, project, manager, model, settings, allowed, django_capture_on_commit_callbacks
):
    settings.TRAINER_WEBHOOKS_ALLOW_PRIVATE = allowed
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Accepting) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/hook"
        api.add_passthru(url)
        webhooks.webhook_create(project=project, user=manager, url=url, secret=SECRET)
        delivery = _delivery_of(
            api, client_api, model, django_capture_on_commit_callbacks, status="READY"
        )

        result = tasks.webhook_deliver.apply(kwargs={"delivery_id": delivery.pk})
        server.shutdown()

    assert result.successful()
    attempt = delivery.attempts.get()
    if allowed:
        assert (attempt.status_code, attempt.error) == (200, "")
    else:
        assert attempt.status_code is None
        assert "private or local network" in attempt.error


class _Accepting(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the standard library's name
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://10.0.0.7/hook",
    ],
)
def test_a_url_on_a_private_or_local_network_is_refused(client, project, manager, url):
    client.force_login(manager)

    response = client.post(_settings_url(project), {"new-url": url, "new-secret": SECRET})

    assert response.status_code == 400
    assert "private or local network" in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_url_inside_the_network_is_taken_when_allowed(client, project, manager, settings):
    settings.TRAINER_WEBHOOKS_ALLOW_PRIVATE = True
    client.force_login(manager)

    client.post(_settings_url(project), {"new-url": "https://10.0.0.7/hook", "new-secret": SECRET})

    assert Webhook.objects.get().url == "https://10.0.0.7/hook"
