"""Document capture in the dashboard: every view for every role, the live status,
the page viewer's state, and training (204 shown as success, a 400 where it points)."""

import io
import json

import pytest
import responses as responses_lib
from django.core.files.base import ContentFile
from django.urls import reverse
from django_htmx.http import HTMX_STOP_POLLING
from PIL import Image
from responses import matchers

from tests import factories
from trainer.dashboard.capture import services
from trainer.dashboard.models import CaptureDocument, CaptureTraining, Role

from .documents import pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

API = "http://testserver/api/capture/"
HTMX = {"HX-Request": "true"}
TASK = "0f8e6c1a-2b3d-4e5f-8a9b-1c2d3e4f5a6b"
FILE = "7a0dbecf-8dbd-4291-87a3-d27292ebeb06"
TOTAL = "Root/Invoice Layout/Total"
NUMBER = "Root/Invoice Layout/InvoiceNumber"
# The document's file: "Total:  EUR 12.00" on one line (baseline at 820 pixels of
# page 41 at 150 dpi); its layout has no image and no words, as at the vendor.
SOURCE = pdf([(790, 820, "Total:"), (1010, 820, "EUR 12.00")])
LAYOUT = {
    "pages": [{"id": 41, "number": 1, "resolution": 150, "width": 1240, "height": 1754}],
    "fields": [
        {
            "name": TOTAL,
            "value": "EUR 12.00",
            "rectangles": [{"page_id": 41, "x1": 1005, "y1": 798, "x2": 1135, "y2": 828}],
        },
        {"name": NUMBER, "value": "", "rectangles": []},
    ],
}


@pytest.fixture
def api():
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def project(db):
    return services.capture_project_define(
        name="Supplier invoices",
        document_type="invoices",
        fields=[(NUMBER, True), (TOTAL, True)],
    )


def _member(project, role, username):
    user = factories.make_user(username=username)
    services.capture_membership_set(project=project, user=user, role=role)
    return user


@pytest.fixture
def manager(project):
    return _member(project, Role.MANAGER, "manager")


@pytest.fixture
def annotator(project):
    return _member(project, Role.ANNOTATOR, "annotator")


@pytest.fixture
def reader(project):
    return _member(project, Role.READ_ONLY, "reader")


@pytest.fixture
def outsider(db):
    return factories.make_user(username="outsider")


def _document(project, *, status="Done", layout=LAYOUT, source=SOURCE, **extra) -> CaptureDocument:
    return CaptureDocument.objects.create(
        project=project,
        name="march.pdf",
        file_id=FILE,
        file_token="tok",
        task_id=TASK,
        status=status,
        layout=layout if status in ("Done", "WaitForAction") else {},
        fields_found=[{**f, "confidence": 0.9} for f in layout["fields"]],
        source=ContentFile(source, name="march.pdf") if source else "",
        **extra,
    )


@pytest.fixture
def document(project):
    return _document(project)


def _urls(project, document):
    p, d = project.pk, document.pk
    return {
        "capture-project": reverse("dashboard:capture-project", args=[p]),
        "capture-documents": reverse("dashboard:capture-documents", args=[p]),
        "capture-document-upload": reverse("dashboard:capture-document-upload", args=[p]),
        "capture-document": reverse("dashboard:capture-document", args=[p, d]),
        "capture-document-status": reverse("dashboard:capture-document-status", args=[p, d]),
        "capture-page-image": reverse("dashboard:capture-page-image", args=[p, d, 41]),
        "capture-drawing-texts": reverse("dashboard:capture-drawing-texts", args=[p, d]),
        "capture-document-train": reverse("dashboard:capture-document-train", args=[p, d]),
    }


GETS = ["capture-project", "capture-documents", "capture-document", "capture-document-status"]


# -- who may do what ---------------------------------------------------------------------


POSTS = ["capture-document-upload", "capture-document-train", "capture-drawing-texts"]


@pytest.mark.parametrize("name", [*GETS, "capture-page-image"])
def test_anonymous_visitors_are_sent_to_log_in(client, project, document, name):
    assert client.get(_urls(project, document)[name]).status_code == 302


@pytest.mark.parametrize("name", [*GETS, "capture-page-image", *POSTS])
def test_non_members_get_404_everywhere(client, project, document, outsider, name):
    client.force_login(outsider)
    url = _urls(project, document)[name]

    response = client.post(url) if name in POSTS else client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("name", GETS)
def test_readers_see_every_page(client, project, document, reader, name):
    client.force_login(reader)

    assert client.get(_urls(project, document)[name]).status_code in (200, HTMX_STOP_POLLING)


def test_a_reader_cannot_upload(client, project, document, reader):
    client.force_login(reader)

    assert client.post(_urls(project, document)["capture-document-upload"]).status_code == 403


@pytest.mark.parametrize("user", ["reader", "annotator"])
def test_only_managers_can_train(client, project, document, user, request):
    client.force_login(request.getfixturevalue(user))

    response = client.post(_urls(project, document)["capture-document-train"], {"drawing": "[]"})

    assert response.status_code == 403
    assert not CaptureTraining.objects.exists()


def test_the_train_button_is_shown_to_managers_only(client, project, document, manager, reader):
    client.force_login(reader)
    assert b"capture-train-form" in client.get(_urls(project, document)["capture-document"]).content
    assert "Train</button>" not in client.get(_urls(project, document)["capture-document"]).text

    client.force_login(manager)
    assert "Train</button>" in client.get(_urls(project, document)["capture-document"]).text


def test_the_home_page_lists_capture_projects_beside_text_projects(client, project, reader):
    client.force_login(reader)

    response = client.get(reverse("dashboard:home"))

    assert "Supplier invoices" in response.text
    assert reverse("dashboard:capture-project", args=[project.pk]) in response.text


# -- upload and the live status -----------------------------------------------------------


def test_an_annotator_uploads_a_document_and_its_capture_starts(
    client, project, annotator, api, django_capture_on_commit_callbacks, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CAPTURE_API_REGION = "US"

    api.post(API + "v2/file", json=[{"id": FILE, "token": "tok", "name": "march.pdf"}], status=201)
    api.post(
        API + "v2/task/capture/invoices",
        json={
            "id": TASK,
            "status": "Submitted",
            "documents": [{"files": {"source": {"id": FILE, "token": "tok", "name": "march.pdf"}}}],
        },
        status=201,
        match=[
            matchers.json_params_matcher(
                {
                    "files": [{"id": FILE, "token": "tok"}],
                    "properties": {
                        "region": "US",
                        "export_format": "Json",
                        "verification_type": "Troubleshooting",
                    },
                }
            )
        ],
    )
    client.force_login(annotator)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("dashboard:capture-document-upload", args=[project.pk]),
            {"file": SimpleUploadedFile("march.pdf", b"%PDF-1.4 ...")},
        )

    document = CaptureDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "dashboard:capture-document", args=[project.pk, document.pk]
    )
    assert (document.task_id, document.file_id, document.status) == (TASK, FILE, "Submitted")
    assert document.source.read() == b"%PDF-1.4 ..."  # kept: the viewer draws its pages
    assert document.uploaded_by == annotator
    assert len(callbacks) == 1  # the status sync is queued


def test_a_refused_upload_is_shown_next_to_the_file(client, project, annotator, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.post(
        API + "v2/file",
        json={
            "id": "r-1",
            "error": "unsupported_media_type",
            "error_description": "Only PDF, PNG, JPEG and TIFF files are accepted.",
        },
        status=415,
    )
    client.force_login(annotator)

    response = client.post(
        reverse("dashboard:capture-document-upload", args=[project.pk]),
        {"file": SimpleUploadedFile("broken.pdf", b"%PDF-but not really")},
    )

    assert response.status_code == 400
    assert "Only PDF, PNG, JPEG and TIFF files are accepted." in response.text
    assert not CaptureDocument.objects.exists()


def test_a_document_in_progress_polls_its_status(client, project, reader):
    document = _document(project, status="InProgress")
    client.force_login(reader)

    page = client.get(reverse("dashboard:capture-document", args=[project.pk, document.pk]))
    row = client.get(
        reverse("dashboard:capture-document-status", args=[project.pk, document.pk])
        + "?fragment=row",
        headers=HTMX,
    )

    assert 'hx-trigger="every 2s"' in page.text
    assert row.status_code == 200
    assert 'hx-trigger="every 2s"' in row.text


def test_a_finished_row_stops_polling_with_286(client, project, document, reader):
    client.force_login(reader)

    response = client.get(
        reverse("dashboard:capture-document-status", args=[project.pk, document.pk])
        + "?fragment=row",
        headers=HTMX,
    )

    assert response.status_code == HTMX_STOP_POLLING
    assert "hx-trigger" not in response.text


def test_a_processed_card_reloads_the_page_to_show_the_viewer(client, project, document, reader):
    client.force_login(reader)

    response = client.get(
        reverse("dashboard:capture-document-status", args=[project.pk, document.pk]), headers=HTMX
    )

    assert response["HX-Refresh"] == "true"


def test_a_failed_card_stops_polling_and_says_why(client, project, reader):
    document = _document(project, status="Failed", error="The PDF cannot be read.")
    client.force_login(reader)

    response = client.get(
        reverse("dashboard:capture-document-status", args=[project.pk, document.pk]), headers=HTMX
    )

    assert response.status_code == HTMX_STOP_POLLING
    assert "The PDF cannot be read." in response.text


# -- the page viewer ---------------------------------------------------------------------


def _state(response) -> dict:
    text = response.text
    start = text.index('<script id="capture-state" type="application/json">') + len(
        '<script id="capture-state" type="application/json">'
    )
    return json.loads(text[start : text.index("</script>", start)])


def test_the_viewer_shows_each_page_with_the_fields_found_as_rectangles(
    client, project, document, reader
):
    client.force_login(reader)

    response = client.get(reverse("dashboard:capture-document", args=[project.pk, document.pk]))

    state = _state(response)
    [page] = state["pages"]
    assert page["image"] == reverse(
        "dashboard:capture-page-image", args=[project.pk, document.pk, 41]
    )
    assert [f["name"] for f in state["fields"]] == [NUMBER, TOTAL]
    assert state["fields"][1]["rectangles"] == LAYOUT["fields"][0]["rectangles"]
    assert state["fields"][0]["required"] is True
    assert 'src="/static/dashboard/capture.js"' in response.text


def test_the_viewer_lists_each_field_by_the_last_part_of_its_name_with_the_full_name_as_title(
    client, project, document, reader
):
    client.force_login(reader)

    response = client.get(reverse("dashboard:capture-document", args=[project.pk, document.pk]))

    assert [f["label"] for f in _state(response)["fields"]] == ["InvoiceNumber", "Total"]
    assert f'<code dir="auto" title="{TOTAL}">Total</code>' in response.text


def test_the_viewer_marks_the_fields_the_capture_found_unsure(client, project, reader):
    found = [{**LAYOUT["fields"][0], "confidence": 0.41, "unsure": True}]
    document = _document(project)
    document.fields_found = found
    document.save(update_fields=["fields_found"])
    client.force_login(reader)

    response = client.get(reverse("dashboard:capture-document", args=[project.pk, document.pk]))

    assert {f["name"]: f["unsure"] for f in _state(response)["fields"]} == {
        NUMBER: False,
        TOTAL: True,
    }
    [marked] = [item for item in response.text.split("<li") if "badge--unsure" in item]
    assert f'data-field="{TOTAL}"' in marked


def test_the_viewer_shows_the_text_the_dashboard_reads_under_each_fields_rectangles(
    client, project, document, reader
):
    client.force_login(reader)

    response = client.get(reverse("dashboard:capture-document", args=[project.pk, document.pk]))

    number, total = _state(response)["fields"]
    assert (total["text"], total["blank"]) == ("EUR 12.00", [])
    assert (number["text"], number["blank"]) == ("", [])
    assert '<output class="capture-field__text" dir="auto">EUR 12.00</output>' in response.text
    assert "words" not in _state(response)["pages"][0]


def _texts(client, project, document, drawing):
    return client.post(
        reverse("dashboard:capture-drawing-texts", args=[project.pk, document.pk]),
        {"drawing": json.dumps(drawing)},
    )


def test_after_each_change_the_viewer_is_told_the_text_under_each_field_drawn(
    client, project, document, manager
):
    client.force_login(manager)

    response = _texts(client, project, document, DRAWN)

    assert response.status_code == 200
    assert response.json() == {
        "fields": {
            TOTAL: {"text": "EUR 12.00", "blank": []},
            NUMBER: {"text": "", "blank": [0, 1]},
        }
    }


def test_a_drawing_without_rectangles_has_no_texts(client, project, document, manager):
    client.force_login(manager)

    response = _texts(client, project, document, [{"name": TOTAL, "rectangles": []}])

    assert response.json() == {"fields": {}}


def test_a_broken_drawing_gets_no_texts_but_a_400(client, project, document, manager):
    client.force_login(manager)

    response = _texts(client, project, document, [{"name": TOTAL, "rectangles": [{"x1": 1}]}])

    assert response.status_code == 400
    assert not CaptureTraining.objects.exists()


def test_after_a_training_the_viewer_starts_from_what_was_trained(
    client, project, document, reader
):
    trained = [
        {"name": NUMBER, "rectangles": [{"page_id": 41, "x1": 1, "y1": 2, "x2": 30, "y2": 40}]}
    ]
    CaptureTraining.objects.create(
        document=document, payload={"fields": trained}, response_status=204
    )
    client.force_login(reader)

    state = _state(
        client.get(reverse("dashboard:capture-document", args=[project.pk, document.pk]))
    )

    assert state["fields"][0]["rectangles"] == trained[0]["rectangles"]
    assert state["fields"][1]["rectangles"] == []


def test_a_page_image_is_rendered_from_the_documents_file_at_the_layouts_resolution(
    client, project, document, reader, api
):
    client.force_login(reader)

    response = client.get(
        reverse("dashboard:capture-page-image", args=[project.pk, document.pk, 41])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert Image.open(io.BytesIO(response.content)).size == (1240, 1754)
    assert not api.calls  # the capture service is not asked


def test_a_page_of_a_document_whose_file_is_not_kept_is_404_and_the_viewer_says_so(
    client, project, reader
):
    document = _document(project, source="")
    client.force_login(reader)

    image = client.get(reverse("dashboard:capture-page-image", args=[project.pk, document.pk, 41]))
    page = client.get(reverse("dashboard:capture-document", args=[project.pk, document.pk]))

    assert image.status_code == 404
    assert "its pages cannot be shown" in page.text


def test_a_page_that_is_not_in_the_documents_layout_is_404(client, project, document, reader):
    client.force_login(reader)

    response = client.get(
        reverse("dashboard:capture-page-image", args=[project.pk, document.pk, 99])
    )

    assert response.status_code == 404


# -- training --------------------------------------------------------------------------


DRAWN = [
    {"name": TOTAL, "rectangles": [{"page_id": 41, "x1": 1000, "y1": 795, "x2": 1140, "y2": 830}]},
    {
        "name": NUMBER,
        "rectangles": [
            {"page_id": 41, "x1": 300, "y1": 290, "x2": 500, "y2": 320},
            {"page_id": 41, "x1": 10, "y1": 10, "x2": 5000, "y2": 30},
        ],
    },
]


def _train(client, project, document, drawing=DRAWN):
    return client.post(
        reverse("dashboard:capture-document-train", args=[project.pk, document.pk]),
        {"drawing": json.dumps(drawing)},
    )


def test_training_sends_the_drawing_for_the_documents_task_and_file_and_shows_success(
    client, project, document, manager, api
):
    api.post(
        API + "v2/training",
        status=204,
        match=[matchers.json_params_matcher({"task_id": TASK, "file_id": FILE, "fields": DRAWN})],
    )
    client.force_login(manager)

    response = _train(client, project, document)

    assert response.status_code == 302
    training = CaptureTraining.objects.get()
    assert (training.response_status, training.user, training.succeeded) == (204, manager, True)
    assert training.payload == {"task_id": TASK, "file_id": FILE, "fields": DRAWN}
    assert training.values == {TOTAL: "EUR 12.00", NUMBER: ""}
    page = client.get(response["Location"])
    assert "Trained: the capture model learnt 2 fields from this document." in page.text


def _refusal(description: str) -> dict:
    """The vendor's 400 body (BadRequestBodyModel): no field errors, a description."""
    return {"id": "r-1", "error": "bad_request", "error_description": description}


def test_a_refused_training_is_shown_with_the_services_description(
    client, project, document, manager, api
):
    description = "Invalid request: fields[1].rectangles[1].x2: Must be at most 1240."
    api.post(API + "v2/training", status=400, json=_refusal(description))
    client.force_login(manager)

    response = _train(client, project, document)

    assert response.status_code == 400
    state = _state(response)
    number = next(f for f in state["fields"] if f["name"] == NUMBER)
    assert number["rectangles"] == DRAWN[1]["rectangles"]  # the drawing is kept
    assert "fields[1].rectangles[1].x2: Must be at most 1240." in response.text
    training = CaptureTraining.objects.get()
    assert training.response_status == 400
    assert training.response_body == {"detail": description, "errors": {}}


def test_a_400_on_the_task_is_shown_above_the_fields(client, project, document, manager, api):
    api.post(API + "v2/training", status=400, json=_refusal("Invalid request: task_id: No task."))
    client.force_login(manager)

    response = _train(client, project, document)

    assert "task_id: No task." in response.text


def test_an_unreachable_service_is_said_and_the_drawing_kept(
    client, project, document, manager, api
):
    import requests

    api.post(API + "v2/training", body=requests.ConnectionError("refused"))
    client.force_login(manager)

    response = _train(client, project, document)

    assert response.status_code == 502
    assert _state(response)["fields"][0]["rectangles"] == DRAWN[1]["rectangles"]
    assert CaptureTraining.objects.get().response_status is None


def test_an_empty_drawing_is_refused_before_anything_is_sent(client, project, document, manager):
    client.force_login(manager)

    response = _train(client, project, document, drawing=[{"name": TOTAL, "rectangles": []}])

    assert response.status_code == 400
    assert "Draw at least one rectangle before training." in response.text
    assert not CaptureTraining.objects.exists()


def test_a_drawing_with_a_broken_rectangle_is_refused(client, project, document, manager):
    client.force_login(manager)

    response = _train(
        client, project, document, drawing=[{"name": TOTAL, "rectangles": [{"x1": "a"}]}]
    )

    assert response.status_code == 400
    assert not CaptureTraining.objects.exists()
