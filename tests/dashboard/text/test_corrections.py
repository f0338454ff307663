"""Correction sessions on the dashboard: the project page's row of one (its model and
status, polled while the model pre-labels), making one from a model's page (who may,
what is sent, a refusal shown on the form), with the service mocked at the HTTP
boundary."""

import json

import pytest
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.models import AuditEvent, LabelingSession, Role
from trainer.dashboard.text import marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator(project):
    return factories.make_member(project=project, role=Role.ANNOTATOR, username="annotator")


@pytest.fixture
def model(project):
    return factories.make_model(project=project, remote_id=40, status="READY")


def _correction(project, model, **extra):
    return factories.make_session(
        project=project, mode="CORRECTION", model=model, name="Check v1", **extra
    )


def test_the_project_page_shows_a_correction_session_with_its_model_and_status(
    client, annotator, project, model
):
    session = _correction(project, model, status="ANNOTATING")
    client.force_login(annotator)

    page = client.get(reverse("dashboard:project", args=[project.pk])).text

    assert reverse("dashboard:model", args=[project.pk, model.pk]) in page
    assert "Ready to correct" in page
    assert f'href="{reverse("dashboard:session-label", args=[project.pk, session.pk])}"' in page
    assert ">Correct</a>" in page


def test_a_correction_session_row_polls_while_the_model_pre_labels_and_stops_after(
    client, annotator, project, model
):
    session = _correction(project, model, status="PREDICTING")
    row = reverse("dashboard:session-row", args=[project.pk, session.pk])
    client.force_login(annotator)

    predicting = client.get(row)
    session.status = "ANNOTATING"
    session.save(update_fields=["status"])
    ready = client.get(row)

    assert (predicting.status_code, f'hx-get="{row}"' in predicting.text) == (200, True)
    assert (ready.status_code, f'hx-get="{row}"' in ready.text) == (286, False)


# -- making one from a model's page ----------------------------------------------------------


def _correct_url(project, model):
    return reverse("dashboard:model-correct", args=[project.pk, model.pk])


def _created(api, **answer):
    api.post(
        f"{API}projects/7/corrections",
        status=201,
        json=factories.session_json(
            id=55,
            name="Check v1",
            mode="CORRECTION",
            status="PREDICTING",
            model={"id": 40, "display_name": "Model 40"},
            predicted_score=70,
            **answer,
        ),
    )


def test_the_model_page_offers_correcting_to_annotators_of_a_trained_model(
    client, annotator, reader, project, model
):
    training = factories.make_model(project=project, status="TRAINING")
    page = reverse("dashboard:model", args=[project.pk, model.pk])

    client.force_login(annotator)
    offered = _correct_url(project, model) in client.get(page).text
    not_trained = (
        _correct_url(project, training)
        in client.get(reverse("dashboard:model", args=[project.pk, training.pk])).text
    )
    client.force_login(reader)
    to_reader = _correct_url(project, model) in client.get(page).text

    assert (offered, not_trained, to_reader) == (True, False, False)


def test_an_annotator_starts_a_correction_session_mirrored_and_logged(
    client, annotator, project, model, api
):
    _created(api)
    client.force_login(annotator)

    response = client.post(_correct_url(project, model), {"name": "Check v1", "sample_size": "30"})

    sent = [json.loads(c.request.body) for c in api.calls if c.request.method == "POST"]
    assert sent == [{"model_id": 40, "name": "Check v1", "sample_size": 30}]
    session = LabelingSession.objects.get(remote_id=55)
    assert (session.mode, session.model, session.status) == ("CORRECTION", model, "PREDICTING")
    assert response.url == reverse("dashboard:session-label", args=[project.pk, session.pk])
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.model, event.subject) == (
        AuditEvent.Action.CORRECTION_STARTED,
        annotator,
        model,
        "Check v1",
    )


def test_the_services_refusal_shows_on_the_form_with_what_was_typed(
    client, annotator, project, model, api
):
    api.post(
        f"{API}projects/7/corrections",
        status=400,
        json={"message": "Invalid", "errors": {"sample_size": ["Only 12 documents to draw from."]}},
    )
    client.force_login(annotator)

    response = client.post(_correct_url(project, model), {"name": "Check v1", "sample_size": "30"})

    assert response.status_code == 400
    assert "Only 12 documents to draw from." in response.text
    assert 'value="Check v1"' in response.text and 'value="30"' in response.text
    assert not LabelingSession.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_sample_size_below_one_is_refused_before_anything_is_sent(
    client, annotator, project, model, api
):
    client.force_login(annotator)

    response = client.post(_correct_url(project, model), {"sample_size": "0"})

    assert response.status_code == 400
    assert not [c for c in api.calls if c.request.method == "POST"]


def test_a_model_still_training_cannot_correct(client, annotator, project, api):
    training = factories.make_model(project=project, status="TRAINING")
    client.force_login(annotator)

    response = client.post(_correct_url(project, training), {})

    assert response.url == reverse("dashboard:model", args=[project.pk, training.pk])
    assert not [c for c in api.calls if c.request.method == "POST"]


def test_a_reader_may_not_start_a_correction_session(client, reader, project, model, api):
    client.force_login(reader)

    assert client.get(_correct_url(project, model)).status_code == 403
    assert client.post(_correct_url(project, model), {}).status_code == 403


def test_deleting_a_correction_session_deletes_it_under_corrections(client, project, model, api):
    session = _correction(project, model, remote_id=55)
    manager = factories.make_member(project=project, role=Role.MANAGER, username="manager")
    api.delete(f"{API}projects/7/corrections/55", status=204)
    client.force_login(manager)

    client.post(reverse("dashboard:session-delete", args=[project.pk, session.pk]))

    assert [c.request.url for c in api.calls if c.request.method == "DELETE"] == [
        f"{API}projects/7/corrections/55"
    ]
    assert not LabelingSession.objects.exists()


# -- correcting: the labeling page in correction mode ----------------------------------------

CORRECTION = f"{API}projects/7/corrections/55"
SEGMENT = f"{CORRECTION}/documents/21/segments/40"


def _document(*tags, status="NOT_ANNOTATED"):
    return {
        "id": 21,
        "text": "The room was cold.",
        "status": "",
        "segments": [{"id": 40, "span": [0, 18], "status": status, "tags": list(tags)}],
    }


def _serving(api, *tags, status="ANNOTATING", type="LABEL"):  # noqa: A002
    """The service of a correction session of one document with ``tags``."""
    api.get(
        f"{API}projects/7",
        json=factories.project_json(id=7, type=type, labels=["positive", "negative"]),
    )
    api.get(
        CORRECTION,
        json=factories.session_json(
            id=55, mode="CORRECTION", status=status, model={"id": 40}, predicted_score=72
        ),
    )
    api.get(f"{API}projects/7/annotations/55/documents/21", json=_document(*tags))
    api.get(f"{CORRECTION}/documents", json={"documents": [_document(*tags)], "document_total": 1})


SUGGESTED = {"id": 90, "label": "positive", "status": "IN_CORRECTION"}


@pytest.fixture
def correcting(client, annotator, project, model):
    session = _correction(project, model, remote_id=55, type="LABEL", status="ANNOTATING")
    client.force_login(annotator)
    client.urls = {
        "page": reverse("dashboard:session-label", args=[project.pk, session.pk]),
        "tag": reverse("dashboard:session-label-tag", args=[project.pk, session.pk, 21]),
        "done": reverse("dashboard:session-label-done", args=[project.pk, session.pk, 21]),
    }
    client.session_mirror = session
    return client


def _sent(api, method, url):
    return [
        json.loads(c.request.body)
        for c in api.calls
        if (c.request.method, c.request.url) == (method, url)
    ]


def test_while_the_model_pre_labels_the_page_says_so_and_polls(correcting, api):
    _serving(api, status="PREDICTING")

    html = correcting.get(correcting.urls["page"]).text

    assert "data-predicting" in html
    assert f'hx-get="{correcting.urls["page"]}" hx-trigger="every 2s"' in html
    assert "projects a score of 72 %" in html


def test_the_models_tags_are_shown_as_suggestions(correcting, api):
    _serving(api, SUGGESTED)

    html = correcting.get(correcting.urls["page"]).text

    assert 'data-tag="positive" data-suggested' in html
    assert "data-predicting" not in html and "every 2s" not in html
    assert "Confirm the rest and mark done" in html


def test_picking_the_suggestion_confirms_it(correcting, api):
    _serving(api, SUGGESTED)
    api.post(f"{SEGMENT}/tags/90/statuses", status=201, json={})

    correcting.post(correcting.urls["tag"], {"segment": 40, "label": "positive", "n": 1})

    assert _sent(api, "POST", f"{SEGMENT}/tags/90/statuses") == [{"status": "READY"}]
    mark = correcting.session_mirror.marks.get()
    assert (mark.confirmed, mark.changed, mark.removed, mark.done) == (1, 0, 0, None)


def test_picking_another_label_changes_the_suggestion_and_counts_as_changed(correcting, api):
    _serving(api, SUGGESTED)
    api.put(f"{SEGMENT}/tags/90", json={"id": 90, "label": "negative", "status": "READY"})

    correcting.post(correcting.urls["tag"], {"segment": 40, "label": "negative", "n": 1})
    html = correcting.get(correcting.urls["page"]).text

    assert _sent(api, "PUT", f"{SEGMENT}/tags/90") == [{"label": "negative"}]
    assert "People changed 1 of the model's 1 checked tag (100 %)." in html


def test_removing_a_suggestion_counts_as_changed(correcting, api):
    _serving(api, SUGGESTED)
    api.delete(f"{SEGMENT}/tags/90", status=204)
    untag = reverse(
        "dashboard:session-label-untag",
        args=[correcting.session_mirror.project.pk, correcting.session_mirror.pk, 21, 40, 90],
    )

    correcting.post(untag, {"n": 1})

    assert correcting.session_mirror.marks.get().removed == 1


def test_marking_done_confirms_the_suggestions_left_and_marks_the_segments_corrected(
    correcting, api
):
    _serving(api, SUGGESTED, {"id": 91, "label": "negative", "status": "READY"})
    api.post(f"{SEGMENT}/tags/90/statuses", status=201, json={})
    api.post(f"{SEGMENT}/statuses", status=201, json={})

    correcting.post(correcting.urls["done"], {"n": 1})

    assert _sent(api, "POST", f"{SEGMENT}/tags/90/statuses") == [{"status": "READY"}]
    assert _sent(api, "POST", f"{SEGMENT}/statuses") == [{"name": "ANNOTATED"}]
    mark = correcting.session_mirror.marks.get()
    assert (mark.confirmed, mark.changed, mark.done is not None) == (1, 0, True)
    html = correcting.get(correcting.urls["page"]).text
    assert "People changed 0 of the model's 1 checked tag (0 %)." in html
    assert "annotator: 1 document" in html


def test_a_reader_sees_the_suggestions_and_the_quality_but_cannot_correct(
    client, reader, project, model, api
):
    session = _correction(project, model, remote_id=55, type="LABEL", status="ANNOTATING")
    _serving(api, SUGGESTED)
    client.force_login(reader)
    page = reverse("dashboard:session-label", args=[project.pk, session.pk])
    tag = reverse("dashboard:session-label-tag", args=[project.pk, session.pk, 21])

    html = client.get(page).text

    assert "data-suggested" in html and "data-quality" in html and "data-done" not in html
    assert client.post(tag, {"segment": 40, "label": "positive"}).status_code == 403


def test_the_counts_of_a_deleted_account_still_count_but_it_is_no_longer_listed(
    annotator, project, model
):
    session = _correction(project, model)
    other = factories.make_member(project=project, role=Role.ANNOTATOR, username="gone")
    marks.mark_record(session=session, document_id=1, user=annotator, done=True, confirmed=3)
    marks.mark_record(session=session, document_id=2, user=other, done=True, changed=1)

    other.delete()

    assert marks.session_quality(session=session) == marks.Quality(checked=4, changed=1)
    assert marks.session_people(session=session) == [("annotator", 1)]


def test_a_count_that_does_not_exist_is_a_programming_error(annotator, project, model):
    with pytest.raises(ValueError):
        marks.mark_record(
            session=_correction(project, model), document_id=1, user=annotator, kept=1
        )


def test_a_correction_session_the_model_could_not_pre_label_says_so_with_the_reason(
    client, annotator, project, model
):
    _correction(project, model, status="FAILED", error="No unlabeled documents to draw from.")
    client.force_login(annotator)

    page = client.get(reverse("dashboard:project", args=[project.pk])).text

    assert "Pre-labeling failed" in page and "No unlabeled documents to draw from." in page
    assert "Import failed" not in page and ">Correct</a>" not in page
