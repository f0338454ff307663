import pytest

from trainer.textapi import selectors

from .helpers import assert_error, url


@pytest.mark.parametrize(
    "path", ["nothing-here", "projects/1/unknown", "projects/abc", "projects/", "v2/projects"]
)
def test_unknown_url_under_the_api_is_a_json_not_found(reader, path):
    assert_error(reader.get(url(path)), 404)


def test_unknown_url_is_not_found_even_without_token(client):
    assert_error(client.post(url("whatever")), 404)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "projects", "GET, POST"),
        ("put", "projects/1/annotations", "GET, POST"),
        ("get", "projects/1/annotations/upload", "POST"),
        ("delete", "models", "GET"),
        ("put", "projects/1/models", "GET, POST"),
        ("patch", "projects/1/models/1", "GET, PUT, DELETE"),
        ("get", "analyze", "POST"),
    ],
)
def test_wrong_method_is_a_json_method_not_allowed(reader, method, path, allowed):
    response = getattr(reader, method)(url(path))

    assert_error(response, 405)
    assert response["Allow"] == allowed


def test_unexpected_exception_is_a_json_server_error(reader, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "membership_list_for_user", broken)

    body = assert_error(reader.get(url("projects")), 500)

    assert "database on fire" not in body["detail"]
    assert "database on fire" in caplog.text
