"""The webhook POST: every outcome is a result, never an exception."""

import http.server
import threading

import pytest
import requests
import responses
from responses import matchers

from trainer.apiclient import webhooks
from trainer.apiclient.webhooks import DeliveryResult

URL = "https://hooks.example.com/trainer"


@pytest.fixture
def receiver():
    with responses.RequestsMock() as mock:
        yield mock


def test_deliver_posts_the_exact_body_with_the_headers_given(receiver):
    body = '{"event": "model.ready", "name": "نموذج"}'.encode()
    receiver.post(
        URL,
        match=[
            matchers.header_matcher({"X-Trainer-Event": "model.ready"}),
            matchers.body_matcher(body.decode()),
        ],
        body="ok",
    )

    result = webhooks.deliver(URL, body, {"X-Trainer-Event": "model.ready"})

    assert receiver.calls[0].request.body == body
    assert (result.status_code, result.body, result.error) == (200, "ok", "")


def test_deliver_does_not_follow_a_redirect(receiver):
    receiver.post(URL, status=301, headers={"Location": "https://elsewhere.example.com/"})

    result = webhooks.deliver(URL, b"{}", {})

    assert result.status_code == 301
    assert len(receiver.calls) == 1
    assert not result.retryable


def test_deliver_keeps_only_the_start_of_a_long_answer(receiver):
    receiver.post(URL, body="x" * 50_000)

    result = webhooks.deliver(URL, b"{}", {})

    assert result.body == "x" * webhooks.RESPONSE_EXCERPT_CHARS


def test_deliver_reports_a_timeout_as_an_error_to_retry(receiver):
    receiver.post(URL, body=requests.ReadTimeout())

    result = webhooks.deliver(URL, b"{}", {})

    assert result.status_code is None
    assert result.error == webhooks.TIMED_OUT
    assert result.retryable


def test_deliver_reports_a_refused_connection_as_an_error_to_retry(receiver):
    receiver.post(URL, body=requests.ConnectionError())

    result = webhooks.deliver(URL, b"{}", {})

    assert result.error == webhooks.NOT_CONNECTED
    assert result.retryable


def test_deliver_sends_with_a_short_timeout(receiver):
    receiver.post(URL)

    webhooks.deliver(URL, b"{}", {})

    assert receiver.calls[0].request.req_kwargs["timeout"] == (
        webhooks.CONNECT_TIMEOUT,
        webhooks.READ_TIMEOUT,
    )


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(200, False), (204, False), (400, False), (410, False), (408, True), (429, True)]
    + [(500, True), (503, True)],
)
def test_only_server_errors_408_and_429_are_worth_retrying(status, retryable):
    assert DeliveryResult(status, "", "", 5).retryable is retryable


@pytest.mark.parametrize(
    "answer", [{"status": 500, "body": "boom"}, {"body": requests.ConnectionError("refused")}]
)
def test_the_log_names_only_the_receivers_host(receiver, caplog, answer):
    secret_url = "https://hooks.example.com:8443/services/T0/B0/secret-path?key=secret-key"
    receiver.post(secret_url, **answer)

    webhooks.deliver(secret_url, b"{}", {})

    assert "https://hooks.example.com:8443" in caplog.text
    assert "secret" not in caplog.text


@pytest.fixture
def local_receiver():
    """A real HTTP server on 127.0.0.1 that counts the POSTs it receives."""
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the standard library's name
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()
    server.server_close()


def test_a_receiver_on_a_private_address_is_refused_before_anything_is_sent(local_receiver):
    url, received = local_receiver

    result = webhooks.deliver(url, b"{}", {})

    assert result.error == webhooks.PRIVATE_ADDRESS
    assert not result.retryable
    assert received == []


def test_a_name_that_resolves_to_a_private_address_is_refused(local_receiver):
    url, received = local_receiver

    result = webhooks.deliver(url.replace("127.0.0.1", "localhost"), b"{}", {})

    assert result.error == webhooks.PRIVATE_ADDRESS
    assert received == []


def test_private_addresses_are_reached_when_allowed(local_receiver):
    url, received = local_receiver

    result = webhooks.deliver(url, b'{"event": "model.ready"}', {}, allow_private=True)

    assert result.status_code == 200
    assert received == [b'{"event": "model.ready"}']
