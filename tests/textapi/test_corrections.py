"""The vendor's Correction API: a model pre-labels the project's unlabeled documents,
least sure first, and people confirm or fix its tags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.learning.synthetic import class_documents
from trainer.learning.documents import Document
from trainer.textapi import corrections, labeling, services
from trainer.textapi.models import (
    AnnotationStatus,
    LabelingSession,
    Role,
    SegmentTag,
    SessionStatus,
    Status,
    TagStatus,
)
from trainer.textapi.storage import artifact_delete

from .helpers import as_vendor, assert_error, post_json, url

# Texts in the words the model learnt (it is sure of them), and texts of none of them.
CLEAR = [
    "Heavy rain is falling over Berlin today.",
    "The home side won the match tonight after a late goal.",
    "This soup tastes of garlic and fresh herbs.",
]
UNCLEAR = ["We met at the station and talked for a while.", "Nobody knows what happened next."]


@pytest.fixture
def annotator(client_for):
    return client_for(Role.ANNOTATOR)


@pytest.fixture
def trained(project, make_user):
    """A READY CLASS model of the project (weather, sports, food), trained now."""
    session = labeling.labeling_session_create(
        project=project,
        name="Labeled",
        owner=None,
        documents=as_vendor(class_documents(per_class=12), type="CLASS"),
    )
    model = services.training_start(
        project=project,
        user=make_user("trainer"),
        body={"display_name": "Topics", "language": "en", "annotation_ids": [session.pk]},
    )
    services.model_train(model_id=model.pk)
    model.refresh_from_db()
    assert model.status == Status.READY, model.error
    return model


@pytest.fixture
def unlabeled(project):
    """A session of plain texts, the clear ones first."""
    return labeling.labeling_session_create(
        project=project,
        name="Inbox",
        owner=None,
        documents=[Document(text) for text in [*CLEAR, *UNCLEAR]],
    )


@pytest.fixture
def make_correction(project, eager_celery, django_capture_on_commit_callbacks):
    """POST a correction session and run its prediction in-process; the answer."""

    def make(client, body):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(client, f"projects/{project.pk}/corrections", body)
        return response

    return make


@pytest.fixture
def correction(annotator, project, trained, unlabeled, make_correction):
    response = make_correction(annotator, {"model_id": trained.pk, "name": "Check the inbox"})
    assert response.status_code == 201, response.content
    return LabelingSession.objects.get(pk=response.json()["id"])


def _documents(client, project, session):
    response = client.get(url(f"projects/{project.pk}/corrections/{session.pk}/documents"))
    assert response.status_code == 200, response.content
    return response.json()["documents"]


def _segment_path(project, session, document, rest="tags"):
    segment = document["segments"][0]
    return (
        f"projects/{project.pk}/corrections/{session.pk}/documents/{document['id']}"
        f"/segments/{segment['id']}/{rest}"
    )


# -- making a correction session ---------------------------------------------------


def test_a_correction_session_is_made_predicting_with_the_vendors_fields(
    annotator, project, trained, unlabeled
):
    response = post_json(annotator, f"projects/{project.pk}/corrections", {"model_id": trained.pk})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "PREDICTING"
    assert body["mode"] == "CORRECTION"
    assert body["model"] == {"id": trained.pk, "display_name": "Topics"}
    assert body["model_id"] == trained.pk
    assert body["predicted_score"] is None
    assert body["name"] == "Correction of Topics"
    # The vendor's Correction: the LabelingSession's fields, its model and predicted score.
    assert {
        "classes", "created", "description", "document_count", "document_group_id", "finished",
        "id", "labels", "mode", "model", "name", "organization_id", "predicted_score",
        "progress", "project_id", "status", "type", "user_id", "uuid",
    } <= set(body)  # fmt: skip


def test_the_worker_fills_it_with_the_documents_the_model_is_least_sure_of_first(
    annotator, project, correction
):
    correction.refresh_from_db()
    assert correction.status == SessionStatus.ANNOTATING
    assert (correction.document_count, correction.attempts) == (5, 1)
    assert correction.finished is not None

    documents = _documents(annotator, project, correction)

    texts = [document["text"] for document in documents]
    assert set(texts[:2]) == set(UNCLEAR)
    assert set(texts[2:]) == set(CLEAR)
    assert all(document["status"] == "NOT_ANNOTATED" for document in documents)
    rain = next(d for d in documents if d["text"].startswith("Heavy rain"))
    [tag] = rain["segments"][0]["tags"]
    assert (tag["class"], tag["status"]) == ("weather", "IN_CORRECTION")


def test_an_active_model_pre_labels_too(annotator, project, trained, unlabeled, make_correction):
    services.model_activate(model=trained)

    response = make_correction(annotator, {"model_id": trained.pk, "sample_size": 1})

    assert response.status_code == 201, response.content
    session = LabelingSession.objects.get(pk=response.json()["id"])
    assert (session.status, session.document_count) == (SessionStatus.ANNOTATING, 1)


def test_the_sample_is_the_least_sure_of_the_pool(
    annotator, project, trained, unlabeled, make_correction
):
    response = make_correction(annotator, {"model_id": trained.pk, "sample_size": 2})

    session = LabelingSession.objects.get(pk=response.json()["id"])
    assert {d["text"] for d in _documents(annotator, project, session)} == set(UNCLEAR)


def test_a_second_correction_takes_the_texts_the_first_did_not(
    annotator, project, trained, unlabeled, make_correction
):
    make_correction(annotator, {"model_id": trained.pk, "sample_size": 2})

    second = make_correction(annotator, {"model_id": trained.pk})

    session = LabelingSession.objects.get(pk=second.json()["id"])
    assert {d["text"] for d in _documents(annotator, project, session)} == set(CLEAR)
    body = assert_error(make_correction(annotator, {"model_id": trained.pk}), 400)
    assert "no unlabeled documents" in body["detail"]


def test_two_corrections_predicting_at_once_take_different_texts(
    annotator, project, trained, unlabeled, make_correction, monkeypatch
):
    make_correction(annotator, {"model_id": trained.pk, "sample_size": 2})
    # The second read the pool before the first took its texts.
    monkeypatch.setattr(corrections, "_pool_texts", lambda project: UNCLEAR + CLEAR)

    second = make_correction(annotator, {"model_id": trained.pk, "sample_size": 5})

    session = LabelingSession.objects.get(pk=second.json()["id"])
    assert {d["text"] for d in _documents(annotator, project, session)} == set(CLEAR)
    assert session.document_count == len(CLEAR)


def test_a_project_without_unlabeled_documents_is_told_so(annotator, project, trained):
    response = post_json(annotator, f"projects/{project.pk}/corrections", {"model_id": trained.pk})

    body = assert_error(response, 400)
    assert "The project has no unlabeled documents" in body["detail"]
    assert not LabelingSession.objects.filter(mode="CORRECTION").exists()


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({}, "model_id", "Give the id of the model"),
        ({"model_id": 10**6}, "model_id", "No model with id"),
        ({"model_id": "TRAINED", "sample_size": 0}, "sample_size", "from 1 to 1000"),
        ({"model_id": "TRAINED", "sample_size": 1001}, "sample_size", "from 1 to 1000"),
        ({"model_id": "TRAINED", "auto": True}, "auto", "Unknown field"),
    ],
)
def test_a_bad_body_is_refused_naming_the_field(
    annotator, project, trained, unlabeled, body, field, words
):
    body = {key: trained.pk if value == "TRAINED" else value for key, value in body.items()}

    response = post_json(annotator, f"projects/{project.pk}/corrections", body)

    payload = assert_error(response, 400, field=field)
    assert words in payload["errors"][field][0]


@pytest.mark.parametrize("status", [Status.TRAINING, Status.FAILED])
def test_a_model_that_cannot_predict_is_refused_naming_model_id(
    annotator, project, model_factory, unlabeled, status
):
    model = model_factory(status=status)

    response = post_json(annotator, f"projects/{project.pk}/corrections", {"model_id": model.pk})

    payload = assert_error(response, 400, field="model_id")
    assert "Only a READY, ACTIVE or PUBLISHED model" in payload["errors"]["model_id"][0]


def test_a_model_of_another_project_is_refused(
    client_for, project, other_project, trained, unlabeled
):
    annotator = client_for(Role.ANNOTATOR, in_project=other_project)

    response = post_json(
        annotator, f"projects/{other_project.pk}/corrections", {"model_id": trained.pk}
    )

    assert_error(response, 400, field="model_id")


def test_a_model_whose_file_went_missing_fails_the_session_with_the_reason(
    annotator, project, trained, unlabeled, make_correction, monkeypatch
):
    real = corrections._pool_texts

    def file_lost(project):
        artifact_delete(trained.artifact)
        return real(project)

    monkeypatch.setattr(corrections, "_pool_texts", file_lost)

    response = make_correction(annotator, {"model_id": trained.pk})

    session = LabelingSession.objects.get(pk=response.json()["id"])
    assert session.status == SessionStatus.FAILED
    assert session.error == "This model's file is missing; train it again."
    assert not session.documents.exists()


def _lost(correction, *, attempts):
    """The correction as a lost message or a dead worker leaves it: PREDICTING, silent."""
    correction.documents.all().delete()
    LabelingSession.objects.filter(pk=correction.pk).update(
        status=SessionStatus.PREDICTING,
        attempts=attempts,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )


def test_a_prediction_no_worker_finished_is_queued_again(correction, eager_celery):
    _lost(correction, attempts=1)

    reaped = labeling.labeling_sessions_reap()

    correction.refresh_from_db()
    assert reaped.retried == [correction.pk]
    assert (correction.status, correction.attempts) == (SessionStatus.ANNOTATING, 2)
    assert correction.documents.count() == 5


def test_a_prediction_whose_worker_died_on_every_try_fails(correction, settings):
    settings.TEXTAPI_TRAINING_MAX_ATTEMPTS = 3
    _lost(correction, attempts=3)

    reaped = labeling.labeling_sessions_reap()

    correction.refresh_from_db()
    assert reaped.failed == [correction.pk]
    assert (correction.status, correction.error) == (
        SessionStatus.FAILED,
        corrections.PREDICTION_STOPPED,
    )


def test_a_prediction_under_way_is_left_alone(correction):
    LabelingSession.objects.filter(pk=correction.pk).update(
        status=SessionStatus.PREDICTING, heartbeat_at=timezone.now()
    )

    assert labeling.labeling_sessions_reap().counts() == {"failed": 0, "requeued": 0, "retried": 0}


def test_predicting_again_does_nothing_once_annotating(correction):
    corrections.correction_predict_run(session_id=correction.pk)

    correction.refresh_from_db()
    assert (correction.status, correction.documents.count()) == (SessionStatus.ANNOTATING, 5)


# -- reading, listing, deleting -------------------------------------------------------


def test_corrections_are_listed_with_the_annotations_and_filtered_by_mode(
    reader, project, correction, unlabeled
):
    annotations = reader.get(url(f"projects/{project.pk}/annotations")).json()
    people = reader.get(url(f"projects/{project.pk}/annotations?mode=ANNOTATION")).json()
    model = reader.get(url(f"projects/{project.pk}/annotations?mode=CORRECTION")).json()
    listed = reader.get(url(f"projects/{project.pk}/corrections")).json()
    annotating = reader.get(url(f"projects/{project.pk}/corrections?status=ANNOTATING")).json()
    finished = reader.get(url(f"projects/{project.pk}/corrections?status=FINISHED")).json()

    assert {s["mode"] for s in annotations} == {"ANNOTATION", "CORRECTION"}
    assert correction.pk not in {s["id"] for s in people}
    assert [s["id"] for s in model] == [correction.pk]
    assert [s["id"] for s in listed] == [correction.pk] == [s["id"] for s in annotating]
    assert finished == []
    assert reader.get(url(f"projects/{project.pk}/corrections/{correction.pk}")).json() == listed[0]
    assert_error(reader.get(url(f"projects/{project.pk}/annotations?mode=AUTO")), 400, field="mode")


def test_a_labeling_session_is_no_correction(reader, project, unlabeled):
    response = reader.get(url(f"projects/{project.pk}/corrections/{unlabeled.pk}"))

    body = assert_error(response, 404)
    assert "No correction session" in body["detail"]


def test_the_annotations_paths_read_a_correction_session(reader, project, correction):
    response = reader.get(url(f"projects/{project.pk}/annotations/{correction.pk}/documents"))

    assert response.status_code == 200
    assert response.json()["mode"] == "CORRECTION"
    assert len(response.json()["documents"]) == 5


def test_a_manager_deletes_a_correction_session(client_for, annotator, project, correction):
    assert_error(annotator.delete(url(f"projects/{project.pk}/corrections/{correction.pk}")), 403)

    response = client_for(Role.MANAGER).delete(
        url(f"projects/{project.pk}/corrections/{correction.pk}")
    )

    assert response.status_code == 204
    assert not LabelingSession.objects.filter(pk=correction.pk).exists()


def test_a_reader_reads_but_does_not_correct(client_for, project, correction):
    reader = client_for(Role.READ_ONLY)
    [document, *_] = _documents(reader, project, correction)
    tag = document["segments"][0]["tags"][0] if document["segments"][0]["tags"] else None

    refused = [
        post_json(reader, f"projects/{project.pk}/corrections", {"model_id": correction.model_id}),
        post_json(reader, _segment_path(project, correction, document), {"class": "food"}),
        post_json(reader, _segment_path(project, correction, document, "statuses"),
                  {"name": "ANNOTATED"}),
    ]  # fmt: skip
    if tag:
        refused.append(
            post_json(
                reader,
                _segment_path(project, correction, document, f"tags/{tag['id']}/statuses"),
                {"status": "READY"},
            )
        )

    for response in refused:
        body = assert_error(response, 403)
        assert body["detail"] == (
            "User is read-only or does not have the minimal project role ANNOTATOR"
        )


# -- correcting ---------------------------------------------------------------------


def _by_text(documents, start):
    return next(d for d in documents if d["text"].startswith(start))


def test_confirming_changing_and_deleting_tags_measure_progress_and_predicted_score(
    annotator, project, correction
):
    documents = _documents(annotator, project, correction)
    rain, match, soup = (_by_text(documents, text[:10]) for text in CLEAR)

    # Confirmed: the model's tag is READY; the document is not done yet.
    tag = rain["segments"][0]["tags"][0]
    path = _segment_path(project, correction, rain, f"tags/{tag['id']}/statuses")
    confirmed = post_json(annotator, path, {"status": "READY"})
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json() == {
        "predicted_score": None,
        "progress": 0,
        "segment": {"id": rain["segments"][0]["id"], "annotated": None},
        "tag": {"id": tag["id"], "class": "weather", "status": "READY"},
    }
    assert_error(post_json(annotator, path, {"status": "DONE"}), 400, field="status")

    # Marked corrected: one document of five done, every predicted tag kept.
    marked = post_json(
        annotator, _segment_path(project, correction, rain, "statuses"), {"name": "ANNOTATED"}
    )
    assert marked.status_code == 201
    assert (marked.json()["progress"], marked.json()["predicted_score"]) == (20, 100)
    assert marked.json()["segment"]["segment_id"] == rain["segments"][0]["id"]
    assert marked.json()["segment"]["name"] == "ANNOTATED"

    # Changed: the model's tag on the match is wrong; half of the predicted tags kept.
    tag = match["segments"][0]["tags"][0]
    changed = annotator.put(
        url(_segment_path(project, correction, match, f"tags/{tag['id']}")),
        {"class": "food"},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["tag"] == {"id": tag["id"], "class": "food", "status": "READY"}
    post_json(
        annotator, _segment_path(project, correction, match, "statuses"), {"name": "ANNOTATED"}
    )
    correction.refresh_from_db()
    assert (correction.progress, correction.predicted_score) == (40.0, 50)

    # Deleted, and another tag added: a third of the predicted tags kept.
    tag = soup["segments"][0]["tags"][0]
    deleted = annotator.delete(url(_segment_path(project, correction, soup, f"tags/{tag['id']}")))
    assert deleted.status_code == 200, deleted.content
    assert deleted.json()["segment"]["segment_id"] == soup["segments"][0]["id"]
    added = post_json(annotator, _segment_path(project, correction, soup), {"class": "sports"})
    assert added.status_code == 201, added.content
    assert added.json()["tag"]["class"] == "sports"
    document_path = (
        f"projects/{project.pk}/annotations/{correction.pk}/documents/{soup['id']}/statuses"
    )
    post_json(annotator, document_path, {"name": "ANNOTATED"})
    listed = annotator.get(url(f"projects/{project.pk}/corrections/{correction.pk}")).json()
    assert (listed["progress"], listed["predicted_score"]) == (60.0, 33)


def test_a_tag_must_be_the_projects_and_fit_the_type(annotator, project, correction):
    [document, *_] = _documents(annotator, project, correction)

    response = post_json(
        annotator, _segment_path(project, correction, document), {"class": "politics"}
    )
    assert (
        "politics is not a class"
        in assert_error(response, 400, field="class")["errors"]["class"][0]
    )
    response = post_json(
        annotator, _segment_path(project, correction, document), {"label": "positive"}
    )
    assert_error(response, 400, field="label")


def test_a_correction_sessions_done_documents_train_a_model(
    annotator,
    manager,
    project,
    correction,
    unlabeled,
    eager_celery,
    django_capture_on_commit_callbacks,
):
    documents = _documents(annotator, project, correction)
    for text in CLEAR:
        document = _by_text(documents, text[:10])
        post_json(
            annotator,
            _segment_path(project, correction, document, "statuses"),
            {"name": "ANNOTATED"},
        )
    labeled = LabelingSession.objects.get(name="Labeled")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            manager,
            f"projects/{project.pk}/models",
            {
                "display_name": "Corrected",
                "language": "en",
                "trainset_annotation_ids": [correction.pk],
                "testset_annotation_ids": [labeled.pk],
            },
        )

    assert response.status_code == 201, response.content
    model = services.TextModel.objects.get(pk=response.json()["id"])
    assert model.status == Status.READY, model.error
    learnt = [d.text for d in services.model_bundle(model)["train_documents"]]
    assert sorted(learnt) == sorted(CLEAR)


def test_a_correction_of_undone_documents_trains_nothing(
    manager, project, correction, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            manager,
            f"projects/{project.pk}/models",
            {"display_name": "Nothing", "language": "en", "annotation_ids": [correction.pk]},
        )

    model = services.TextModel.objects.get(pk=response.json()["id"])
    assert model.status == Status.FAILED
    assert "has no annotated document" in model.error


def test_the_model_predictions_are_kept_on_each_document(correction):
    document = correction.documents.get(text=CLEAR[0])

    assert document.predicted == [
        {"text": CLEAR[0], "span": [0, len(CLEAR[0])], "tags": [{"class": "weather"}]}
    ]
    assert document.margin is not None
    assert SegmentTag.objects.filter(segment__document=document).get().status == (
        TagStatus.IN_CORRECTION
    )
    assert document.status == AnnotationStatus.NOT_ANNOTATED


# The vendor's field names (its generated client's docs: AnnotateCorrectionResponse,
# SegmentAnnotationStatus, CreateCorrectionTagResponse, CreateCorrectionTagResponseSegment,
# Correction, CorrectionModel); ours add the ids the paths take and a tag's status.
ANNOTATE_CORRECTION = {"predicted_score", "progress", "segment"}
SEGMENT_ANNOTATION_STATUS = {"annotation_id", "created", "document_id", "name", "segment_id"}
CREATE_CORRECTION_TAG = {"predicted_score", "progress", "segment", "tag"}


def test_the_answers_have_the_vendors_fields(annotator, project, correction):
    document = _by_text(_documents(annotator, project, correction), "Heavy rain")
    [tag] = document["segments"][0]["tags"]

    marked = post_json(
        annotator, _segment_path(project, correction, document, "statuses"), {"name": "ANNOTATED"}
    ).json()
    confirmed = post_json(
        annotator,
        _segment_path(project, correction, document, f"tags/{tag['id']}/statuses"),
        {"status": "READY"},
    ).json()
    deleted = annotator.delete(
        url(_segment_path(project, correction, document, f"tags/{tag['id']}"))
    ).json()

    assert set(marked) == set(deleted) == ANNOTATE_CORRECTION
    assert set(marked["segment"]) == set(deleted["segment"]) == SEGMENT_ANNOTATION_STATUS
    assert set(confirmed) == CREATE_CORRECTION_TAG
    assert set(confirmed["segment"]) == {"id", "annotated"}
    assert confirmed["segment"]["annotated"] is not None  # marked corrected above
    assert {"class", "label"} & set(confirmed["tag"])
    assert isinstance(marked["progress"], int)
    assert isinstance(confirmed["predicted_score"], int)
