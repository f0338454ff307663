"""GET /models: the base models and the models of the caller's projects, a page at a time."""

import pytest

from trainer.textapi.models import Status, TextModel

from .helpers import MODEL_FIELDS, assert_error, url


def _base(name, *, type="CLASS", status=Status.READY, display_name=""):
    return TextModel.objects.create(
        is_base=True,
        name=name,
        display_name=display_name,
        type=type,
        language="en",
        status=status,
    )


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m["name"] for m in response.json()["models"]]


def test_models_lists_the_base_models_and_the_models_of_the_callers_projects(reader, model_factory):
    _base("news-base")
    model_factory(name="topics")

    assert _names(reader.get(url("models"))) == ["news-base", "topics"]


def test_models_leaves_out_the_models_of_other_projects(reader, model_factory, other_project):
    model_factory(name="theirs", in_project=other_project)

    assert _names(reader.get(url("models"))) == []


def test_models_leaves_out_base_models_that_are_not_ready(reader):
    _base("broken-base", status=Status.FAILED)

    assert _names(reader.get(url("models"))) == []


def test_a_base_model_is_public_of_type_base_and_without_a_project(reader):
    _base("news-base", type="ABSA")

    model = reader.get(url("models")).json()["models"][0]

    assert (model["type"], model["project_id"]) == ("BASE", None)
    assert set(model) == MODEL_FIELDS


def test_public_true_answers_only_the_base_models(reader, model_factory):
    _base("news-base")
    model_factory(name="topics")

    assert _names(reader.get(url("models"), {"public": "true"})) == ["news-base"]


def test_public_false_answers_only_the_project_models(reader, model_factory):
    _base("news-base")
    model_factory(name="topics")

    assert _names(reader.get(url("models"), {"public": "false"})) == ["topics"]


def test_type_base_answers_the_base_models(reader, model_factory):
    _base("news-base")
    model_factory(name="topics")

    assert _names(reader.get(url("models"), {"type": "BASE"})) == ["news-base"]


def test_a_model_type_answers_the_project_models_of_that_type(reader, model_factory):
    _base("class-base", type="CLASS")
    model_factory(name="topics", type="CLASS")
    model_factory(name="aspects", type="ABSA")

    assert _names(reader.get(url("models"), {"type": "CLASS"})) == ["topics"]


def test_search_finds_a_part_of_the_name_or_display_name_in_any_case(reader, model_factory):
    model_factory(name="topics", display_name="Newsroom topics")
    model_factory(name="weather-2", display_name="Rain")
    model_factory(name="sport", display_name="Sport")

    assert _names(reader.get(url("models"), {"search": "NEWS"})) == ["topics"]
    assert _names(reader.get(url("models"), {"search": "rain"})) == ["weather-2"]


def test_offset_and_limit_answer_one_page_and_say_that_more_follow(reader, model_factory):
    for name in ("a", "b", "c", "d", "e"):
        model_factory(name=name)

    body = reader.get(url("models"), {"offset": "1", "limit": "2"}).json()

    assert [m["name"] for m in body["models"]] == ["b", "c"]
    assert (body["count"], body["offset"], body["limit"], body["has_more"]) == (2, 1, 2, True)


def test_the_last_page_says_that_nothing_more_follows(reader, model_factory):
    for name in ("a", "b", "c"):
        model_factory(name=name)

    body = reader.get(url("models"), {"offset": "1", "limit": "2"}).json()

    assert (body["count"], body["has_more"]) == (2, False)


def test_without_offset_and_limit_the_first_25_models_are_answered(reader):
    for number in range(26):
        _base(f"base-{number:02d}")

    body = reader.get(url("models")).json()

    assert (body["count"], body["offset"], body["limit"], body["has_more"]) == (25, 0, 25, True)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("public", "maybe"),
        ("public", ""),
        ("type", "SENTIMENT"),
        ("type", ""),
        ("offset", "-1"),
        ("offset", "x"),
        ("limit", "0"),
        ("limit", "101"),
        ("starred", "true"),
        # No database compares a NUL (PostgreSQL refuses one outright).
        ("search", "hotel\x00"),
    ],
)
def test_a_wrong_query_value_is_invalid_and_named(reader, field, value):
    response = reader.get(url("models"), {field: value})

    assert_error(response, 400, field=field)


def test_models_need_a_token(db, client):
    assert_error(client.get(url("models")), 401)
