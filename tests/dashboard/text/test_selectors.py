import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests import factories
from trainer.dashboard import metrics
from trainer.dashboard.models import Role
from trainer.dashboard.text import selectors

pytestmark = pytest.mark.django_db


def test_project_list_shows_only_the_users_projects_with_counts_in_one_query(
    django_assert_num_queries,
):
    user = factories.make_user()
    mine = factories.make_project(name="Mine")
    factories.make_project(name="Not mine")
    factories.make_membership(user=user, project=mine, role=Role.MANAGER)
    factories.make_member(project=mine, role=Role.READ_ONLY)  # another member
    factories.make_session(project=mine)
    factories.make_model(project=mine, status="TRAINING")
    factories.make_model(project=mine, status="TRAINING")
    factories.make_model(project=mine, status="READY")

    with django_assert_num_queries(1):
        projects = selectors.project_list_for_user(user=user)

    assert [project.name for project in projects] == ["Mine"]
    project = projects[0]
    assert project.user_role == Role.MANAGER
    assert project.session_count == 1
    assert project.model_count == 3
    assert [(status, count) for status, _label, count in project.status_counts] == [
        ("TRAINING", 2),
        ("READY", 1),
    ]


def test_a_member_passes_the_gate_with_role_set(project, manager):
    gated = selectors.project_get_for_member(project_id=project.pk, user=manager)
    assert gated == project
    assert gated.user_role == Role.MANAGER
    assert gated.can_manage is True


def test_a_non_member_gets_404_even_when_superuser(project):
    superuser = factories.make_user(is_staff=True, is_superuser=True)
    with pytest.raises(Http404):
        selectors.project_get_for_member(project_id=project.pk, user=superuser)


def test_a_too_low_role_gets_permission_denied(project, reader):
    with pytest.raises(PermissionDenied):
        selectors.project_get_for_member(project_id=project.pk, user=reader, min_role=Role.MANAGER)


def test_a_model_of_another_project_is_not_found(project, manager):
    other = factories.make_project()
    model = factories.make_model(project=other)
    with pytest.raises(Http404):
        selectors.model_get_for_member(project_id=project.pk, model_id=model.pk, user=manager)


def test_model_get_for_member_sets_the_gated_project(project, reader):
    model = factories.make_model(project=project)
    found = selectors.model_get_for_member(project_id=project.pk, model_id=model.pk, user=reader)
    assert found == model
    assert found.project.can_manage is False


LABEL_METRICS = {
    "accuracy": 1,
    "macro_f1": 0.8,
    "test_documents": 20,
    "per_label": {"positive": {"precision": 0.9, "recall": 0.8, "f1": 0.85, "support": 10}},
    "confusion": {
        "positive": {"positive": 8, "negative": 2},
        "negative": {"negative": 5},
    },
}


def test_metrics_are_shaped_into_the_types_scalars_and_tables():
    shaped = metrics.model_metrics_for_display(
        model_type="LABEL", metrics=LABEL_METRICS, detail=True
    )

    assert [(str(label), value) for label, value in shaped["scalars"]] == [
        ("Accuracy", 1.0),
        ("Macro F1 (mean over labels)", 0.8),
        ("Test documents", 20),
    ]
    per_label, confusion = shaped["tables"]
    assert per_label["rows"] == [("positive", [(0.9, ""), (0.8, ""), (0.85, ""), (10, "")])]
    assert confusion["columns"] == ["negative", "positive"]
    # Shaded by the share of the gold row: 5 of 5 right; 2 of 10 wrong, 8 of 10 right.
    assert confusion["rows"] == [
        ("negative", [(5, "confusion-hit-4"), (0, "")]),
        ("positive", [(2, "confusion-miss-1"), (8, "confusion-hit-3")]),
    ]


def test_without_detail_only_the_summary_figures_are_shaped():
    shaped = metrics.model_metrics_for_display(
        model_type="LABEL", metrics=LABEL_METRICS, detail=False
    )

    assert [value for _label, value in shaped["scalars"]] == [1.0, 0.8]
    assert shaped["tables"] == []


def test_a_type_the_dashboard_does_not_know_shows_no_figures():
    shaped = metrics.model_metrics_for_display(
        model_type="BASE", metrics=LABEL_METRICS, detail=True
    )

    assert shaped == {"score": "", "scalars": [], "tables": []}
