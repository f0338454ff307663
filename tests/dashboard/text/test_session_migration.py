"""Migrations 0015–0016: a mirrored session's ``{class: documents}`` becomes the class
names (those with documents), and what the vendor does not send goes; 0018: the
sessions made before keep all they had, as labeling (not correction) sessions."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from trainer.dashboard.models import LabelingSession

BEFORE = ("dashboard", "0014_members_in_the_audit_log")


@pytest.mark.django_db(transaction=True)
def test_the_documents_per_class_become_the_class_names():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    Project = apps.get_model("dashboard", "Project")
    Session = apps.get_model("dashboard", "LabelingSession")
    project = Project.objects.create(remote_id=7, name="Support inbox")
    counted = {"refund": 3, "billing": 12, "stale": 0}
    for remote_id, classes in ((1, counted), (2, {})):
        Session.objects.create(
            project=project,
            remote_id=remote_id,
            name=f"Week {remote_id}",
            type="CLASS",
            language="de",
            documents=15,
            labels=15,
            classes=classes,
            owner="alice",
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("dashboard"))

    sessions = LabelingSession.objects.order_by("remote_id")
    assert [(s.name, s.documents, s.classes, s.labels) for s in sessions] == [
        ("Week 1", 15, ["billing", "refund"], []),
        ("Week 2", 15, [], []),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_sessions_made_before_correction_sessions_keep_all_they_had_as_labeling_sessions():
    before = ("dashboard", "0017_session_vendor_fields")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    project = apps.get_model("dashboard", "Project").objects.create(remote_id=7, name="Support")
    apps.get_model("dashboard", "LabelingSession").objects.create(
        project=project, remote_id=1, name="Week 1", type="CLASS", documents=15, classes=["refund"]
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("dashboard"))

    session = LabelingSession.objects.get()
    assert (session.name, session.documents, session.classes) == ("Week 1", 15, ["refund"])
    assert (session.mode, session.model, session.is_correction) == ("ANNOTATION", None, False)
