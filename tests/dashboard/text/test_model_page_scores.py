"""The scores of a project's models over time (inline SVG on the project page), and
relative times as the pages say them."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from trainer.dashboard.text import scores

pytestmark = pytest.mark.django_db

START = timezone.now() - timedelta(days=10)


def _scored(project, *, days: int, score: float, type="CLASS", status="READY", name=None):
    return factories.make_model(
        project=project,
        status=status,
        type=type,
        score=score,
        created=START + timedelta(days=days),
        display_name=name or f"Model day {days}",
    )


def _points(chart):
    return [
        (line["name"], item["point"].label, item["cx"], item["cy"])
        for line in chart["series"]
        for item in line["points"]
    ]


def test_the_chart_places_each_scored_model_by_date_and_score(project):
    _scored(project, days=0, score=0.5, name="First")
    _scored(project, days=10, score=1.0, name="Last")
    _scored(project, days=5, score=0.75, name="Middle", status="PUBLISHED")

    chart = scores.model_score_chart(project=project)

    # x from 56 to 464, y from 156 (score 0) to 12 (score 1)
    assert _points(chart) == [
        ("Classes per document", "First", "56.0", "84.0"),
        ("Classes per document", "Middle", "260.0", "48.0"),
        ("Classes per document", "Last", "464.0", "12.0"),
    ]
    assert chart["series"][0]["polyline"] == "56.0,84.0 260.0,48.0 464.0,12.0"
    assert [label for label, _y in chart["y_ticks"]] == ["0.0", "0.5", "1.0"]
    assert [(x, anchor) for _label, x, anchor in chart["x_ticks"]] == [
        ("56.0", "start"),
        ("464.0", "end"),
    ]


def test_models_trained_in_the_same_minute_share_one_time_on_the_axis(project):
    now = timezone.now().replace(second=0)
    for seconds in (5, 20):
        factories.make_model(
            project=project, status="READY", score=0.9, created=now + timedelta(seconds=seconds)
        )

    chart = scores.model_score_chart(project=project)

    assert len(chart["x_ticks"]) == 1
    assert len(chart["series"][0]["points"]) == 2


def test_models_without_a_score_or_still_training_are_left_out(project):
    _scored(project, days=0, score=0.5, name="Scored")
    _scored(project, days=1, score=0.9, status="FAILED", name="Failed")
    factories.make_model(project=project, status="TRAINING", created=START)
    factories.make_model(project=project, status="READY", score=None, created=START)

    chart = scores.model_score_chart(project=project)

    assert [label for _s, label, _x, _y in _points(chart)] == ["Scored"]


def test_each_model_type_is_a_series_of_its_own(project):
    _scored(project, days=0, score=0.5, type="CLASS")
    _scored(project, days=1, score=0.6, type="ABSA")
    _scored(project, days=2, score=0.7, type="CLASS")

    chart = scores.model_score_chart(project=project)

    assert [(line["name"], len(line["points"])) for line in chart["series"]] == [
        ("Aspect-based sentiment", 1),
        ("Classes per document", 2),
    ]


def test_a_project_without_scored_models_has_no_chart(project):
    factories.make_model(project=project, status="TRAINING")

    assert scores.model_score_chart(project=project) is None


def test_the_project_page_draws_the_chart_with_a_title_per_point_and_a_table(
    client, project, reader
):
    _scored(project, days=0, score=0.8125, name="Support v1")
    _scored(project, days=3, score=0.9, name="دعم")
    client.force_login(reader)

    page = client.get(reverse("dashboard:project", args=[project.pk])).text

    assert (
        '<svg class="chart__svg" viewBox="0 0 480 200" role="img" '
        'aria-labelledby="score-chart-title">'
    ) in page
    assert '<title id="score-chart-title">Scores of the models over time</title>' in page
    assert "<title>Support v1: Score 0.812, Created " in page
    assert '<table class="visually-hidden">' in page
    assert '<th scope="row" dir="auto">دعم</th>' in page
    assert "style=" not in page


def test_the_project_page_says_nothing_of_scores_before_any_model_has_one(client, project, reader):
    client.force_login(reader)

    page = client.get(reverse("dashboard:project", args=[project.pk])).text

    assert "Scores over time" not in page


def test_filtering_the_tables_does_not_draw_the_chart_again(client, project, reader):
    _scored(project, days=0, score=0.5)
    client.force_login(reader)

    response = client.get(
        reverse("dashboard:project", args=[project.pk]),
        {"status": "READY"},
        headers={"HX-Request": "true", "HX-Target": "project-tables"},
    )

    assert "chart__svg" not in response.text


# -- relative times ------------------------------------------------------------------------


def _ago(value) -> str:
    return Template("{% load formatting %}{{ value|ago }}").render(Context({"value": value}))


@pytest.mark.parametrize("seconds", [0, 59])
def test_under_a_minute_ago_is_just_now(seconds):
    assert _ago(timezone.now() - timedelta(seconds=seconds)) == "just now"


def test_a_moment_in_the_future_from_a_clock_ahead_is_just_now():
    assert _ago(timezone.now() + timedelta(seconds=5)) == "just now"


def test_longer_ago_says_how_long():
    assert _ago(timezone.now() - timedelta(minutes=5, seconds=3)) == "5\xa0minutes ago"


@pytest.mark.parametrize(
    ("language", "words"), [("de", "vor 5 Minuten"), ("fr", "il y a 5\xa0minutes")]
)
def test_how_long_ago_reads_as_each_language_says_it(language, words):
    with translation.override(language):
        assert _ago(timezone.now() - timedelta(minutes=5, seconds=3)) == words


def test_the_model_page_says_it_was_just_read_from_the_service(client, project, reader):
    model = factories.make_model(project=project, status="READY", last_synced_at=timezone.now())
    client.force_login(reader)

    page = client.get(reverse("dashboard:model", args=[project.pk, model.pk])).text

    assert "Last read from the training service just now." in page
