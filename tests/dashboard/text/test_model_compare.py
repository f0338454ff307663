"""Two models of one type compared side by side on that type's figures."""

from datetime import timedelta

import pytest
import responses
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.models import TrainingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def detail(api):
    """The service announces the metrics-detail extension too."""
    api.replace(responses.GET, f"{API}info", json={"extensions": ["cancel", "metrics-detail"]})
    return api


def _scored(project, name, *, days_ago, type="CLASS", score=0.5, metrics=None, status="READY"):
    return factories.make_model(
        project=project,
        status=status,
        type=type,
        display_name=name,
        score=score,
        created=timezone.now() - timedelta(days=days_ago),
        metrics=metrics or {},
    )


def _compare(client, project, **query):
    url = reverse("dashboard:model-compare", args=[project.pk])
    return client.get(url, query).content.decode()


def test_the_comparison_shows_two_models_with_per_class_deltas(client, detail, project, reader):
    session = factories.make_session(project=project, remote_id=12, name="Week 2")
    _scored(
        project,
        "Old",
        days_ago=1,
        metrics={"per_class": {"billing": {"f1": 0.4}, "delivery": {"f1": 0.6}}},
    )
    newer = _scored(
        project,
        "New",
        days_ago=0,
        score=0.75,
        status="ACTIVE",
        metrics={"per_class": {"billing": {"f1": 0.9}, "delivery": {"f1": 0.5}}},
    )
    TrainingRequest.objects.create(
        project=project, model=newer, pool_session_ids=[session.pk], user=reader
    )
    client.force_login(reader)

    content = _compare(client, project)

    assert content.index(">Old<") < content.index(">New<")  # the older one first
    assert "+0.250" in content  # the score
    assert "<caption>Per class: F1</caption>" in content
    assert "+0.500" in content and "-0.100" in content  # billing, delivery
    assert "Week 2" in content
    assert "?first=" not in content  # the form is preselected, not a link


def test_the_types_summary_figures_are_compared_row_by_row(client, api, project, reader):
    first = _scored(
        project, "A", days_ago=1, type="LABEL", metrics={"accuracy": 0.8, "macro_f1": 0.7}
    )
    second = _scored(project, "B", days_ago=0, type="LABEL", metrics={"accuracy": 0.85})
    client.force_login(reader)

    content = _compare(client, project, first=first.pk, second=second.pk)

    assert '<th scope="row">Accuracy</th>' in content and "+0.050" in content
    # Only the first has a macro F1: no difference to show.
    assert '<th scope="row">Macro F1 (mean over labels)</th>' in content
    assert "<td>0.700</td>\n                <td>—</td>" in content


def test_per_class_f1_is_compared_only_where_the_service_announces_metrics_detail(
    client, api, project, reader
):
    per_class = {"per_class": {"billing": {"f1": 0.4}}, "micro_f1": 0.4}
    first = _scored(project, "A", days_ago=1, metrics=per_class)
    second = _scored(project, "B", days_ago=0, metrics=per_class)
    client.force_login(reader)

    content = _compare(client, project, first=first.pk, second=second.pk)

    assert '<th scope="row">Micro F1</th>' in content
    assert "Per class: F1" not in content
    assert [call.request.url for call in api.calls] == [f"{API}info"]


def test_two_models_of_different_types_are_not_compared(client, api, project, reader):
    label = _scored(project, "Sentiment", days_ago=1, type="LABEL")
    absa = _scored(project, "Aspects", days_ago=0, type="ABSA")
    client.force_login(reader)

    content = _compare(client, project, first=label.pk, second=absa.pk)

    assert "Compare two models of one type: “\u2068Sentiment\u2069” is " in content
    assert "The two models side by side" not in content


def test_the_newest_model_is_first_compared_with_the_newest_of_its_type(
    client, api, project, reader
):
    _scored(project, "Class old", days_ago=3)
    _scored(project, "Label", days_ago=2, type="LABEL")
    _scored(project, "Class new", days_ago=1)
    client.force_login(reader)

    content = _compare(client, project)

    assert content.index(">Class old<") < content.index(">Class new<")
    assert ">Label<" not in content.split("The two models side by side")[1]


def test_the_comparison_refuses_a_model_of_another_project(client, project, reader):
    mine = factories.make_model(project=project, status="READY")
    other = factories.make_model(project=factories.make_project(name="Other"), status="READY")
    client.force_login(reader)

    content = _compare(client, project, first=mine.pk, second=other.pk)

    assert "Choose two models of this project." in content
