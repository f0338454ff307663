"""Uploading labeled data from the dashboard: who may, what is checked before the
file leaves, what the service's answers look like on the page."""

from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API
from trainer.dashboard.models import LabelingSession, Role

pytestmark = pytest.mark.django_db

CORPORA = Path(__file__).resolve().parents[2] / "fixtures" / "corpora"
HTMX = {"HX-Request": "true"}
UPLOAD_API = f"{API}projects/7/annotations/upload"


@pytest.fixture
def annotator(project):
    return factories.make_member(project=project, role=Role.ANNOTATOR, username="annotator")


def _upload_url(project) -> str:
    return reverse("dashboard:session-upload", args=[project.pk])


def _file(name: str = "documents.csv", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CORPORA / name).read_bytes() if content is None else content)


def _post(client, project, file=None, headers=None):
    return client.post(_upload_url(project), {"file": file or _file()}, headers=headers or {})


def _service_accepts(api, *, session_id=55, name="Tickets", documents=4):
    """The service's 201, then the project refresh that follows it."""
    session = factories.session_json(
        id=session_id, name=name, document_count=documents, classes=["billing", "refund"]
    )
    api.post(UPLOAD_API, status=201, json=session)
    api.get(f"{API}projects/7", json=factories.project_json(id=7))
    api.get(f"{API}projects/7/annotations", json=[session])
    api.get(f"{API}projects/7/models", json=[])


def _sent_form(api) -> dict:
    """The multipart body the service received, as {field: (bytes, filename)}."""
    request = next(call.request for call in api.calls if call.request.method == "POST")
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    return {
        part.get_param("name", header="content-disposition"): (
            part.get_payload(decode=True),
            part.get_filename(),
        )
        for part in message.iter_parts()
    }


# -- who may upload ------------------------------------------------------------------


def test_read_only_members_see_no_upload_link(client, project, reader):
    client.force_login(reader)

    content = client.get(reverse("dashboard:project", args=[project.pk])).content.decode()

    assert _upload_url(project) not in content


def test_read_only_members_get_403_for_the_upload_page(client, project, reader):
    client.force_login(reader)

    assert client.get(_upload_url(project)).status_code == 403


def test_read_only_members_cannot_post_a_file(client, api, project, reader):
    client.force_login(reader)

    response = _post(client, project)

    assert response.status_code == 403
    assert len(api.calls) == 0


def test_non_members_get_404_for_the_upload_page_and_post(client, api, project, outsider):
    client.force_login(outsider)

    assert client.get(_upload_url(project)).status_code == 404
    assert _post(client, project).status_code == 404
    assert len(api.calls) == 0


def test_anonymous_visitors_are_sent_to_log_in(client, project):
    response = client.get(_upload_url(project))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.ANNOTATOR, Role.MANAGER, Role.OWNER])
def test_annotators_and_above_find_the_upload_link_on_the_project_page(client, project, role):
    client.force_login(factories.make_member(project=project, role=role))

    content = client.get(reverse("dashboard:project", args=[project.pk])).content.decode()

    assert f'href="{_upload_url(project)}"' in content


# -- the form ------------------------------------------------------------------------


def test_the_upload_page_has_labelled_fields_and_loads_its_script_with_the_nonce(
    client, project, annotator
):
    client.force_login(annotator)

    content = client.get(_upload_url(project)).content.decode()

    assert 'for="id_file"' in content
    for field in ("name", "type", "language", "format"):  # the vendor's upload takes none
        assert f'id="id_{field}"' not in content
    assert 'enctype="multipart/form-data"' in content
    assert '<progress id="upload-progress"' in content
    assert 'src="/static/dashboard/upload.js" defer nonce="' in content
    assert "<script>" not in content and "style=" not in content


def test_the_upload_page_says_the_session_takes_the_projects_type(client, project, annotator):
    project.type = "ABSA"
    project.save(update_fields=["type"])
    client.force_login(annotator)

    content = client.get(_upload_url(project)).content.decode()

    assert "of its type (Aspect-based sentiment)" in content


def test_annotators_upload_a_file_and_see_the_session_with_its_counts(
    client, api, project, annotator
):
    _service_accepts(api)
    client.force_login(annotator)

    response = _post(client, project)

    session = LabelingSession.objects.get(project=project, remote_id=55)
    assert (session.name, session.documents, session.classes) == (
        "Tickets",
        4,
        ["billing", "refund"],
    )
    page = reverse("dashboard:project", args=[project.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{page}#session-{session.pk}"
    content = client.get(page).content.decode()
    assert f'<tr id="session-{session.pk}">' in content
    assert "Tickets was uploaded: 4 documents." in content


def test_the_file_alone_reaches_the_service(client, api, project, annotator):
    _service_accepts(api)
    client.force_login(annotator)

    _post(client, project)

    assert _sent_form(api) == {
        "file": ((CORPORA / "documents.csv").read_bytes(), "documents.csv"),
    }


def test_a_file_django_keeps_on_disk_is_streamed_to_the_service_intact(
    client, api, project, annotator, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64  # anything larger goes to a temporary file
    content = b"text,label\n" + b"a fairly long line of text,label\n" * 2000
    _service_accepts(api)
    client.force_login(annotator)

    _post(client, project, file=_file("big.csv", content))

    assert _sent_form(api)["file"] == (content, "big.csv")


def test_an_htmx_upload_is_followed_by_a_redirect_to_the_project(client, api, project, annotator):
    _service_accepts(api)
    client.force_login(annotator)

    response = _post(client, project, headers=HTMX)

    session = LabelingSession.objects.get(remote_id=55)
    assert response["HX-Redirect"].endswith(f"#session-{session.pk}")


def test_the_session_is_listed_even_if_the_refresh_after_the_upload_fails(
    client, api, project, annotator
):
    api.post(UPLOAD_API, status=201, json=factories.session_json(id=56, name="Tickets"))
    api.get(f"{API}projects/7", status=404, json={"detail": "gone", "errors": {}})
    client.force_login(annotator)

    response = _post(client, project)

    assert response.status_code == 302
    assert LabelingSession.objects.filter(project=project, remote_id=56).exists()


# -- refused files -------------------------------------------------------------------


def test_the_services_400_is_shown_next_to_the_file(client, api, project, annotator):
    message = "line 3: not valid JSON (Expecting ',' delimiter at column 71)"
    api.post(
        UPLOAD_API, status=400, json={"detail": "Not imported.", "errors": {"file": [message]}}
    )
    client.force_login(annotator)

    response = _post(client, project, file=_file("bad_syntax.jsonl"), headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content  # only the form is swapped in
    assert '<ul class="errorlist" id="id_file_error"><li>line 3: not valid JSON' in content
    assert not LabelingSession.objects.exists()


def test_the_services_413_is_shown_next_to_the_file(client, api, project, annotator):
    api.post(
        UPLOAD_API,
        status=413,
        json={"detail": "Too large.", "errors": {"file": ["The file is larger than 50 MB."]}},
    )
    client.force_login(annotator)

    response = _post(client, project)

    assert response.context["form"].errors["file"] == ["The file is larger than 50 MB."]


def test_a_service_error_without_field_messages_is_shown_above_the_form(
    client, api, project, annotator
):
    api.post(UPLOAD_API, status=500, json={"detail": "Disk full.", "errors": {}})
    client.force_login(annotator)

    response = _post(client, project)

    assert response.context["form"].non_field_errors() == ["Disk full."]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (_file("slides.pdf", b"%PDF-1.7 text"), "Choose a file ending in one of"),
        (_file("data.csv", b"text,label\n\x00\x01\x02"), "This is not a text file."),
        (_file("empty.csv", b""), "The submitted file is empty."),
    ],
    ids=["extension", "binary", "empty"],
)
def test_files_the_service_cannot_read_are_refused_before_sending(
    client, api, project, annotator, file, message
):
    client.force_login(annotator)

    response = _post(client, project, file=file)

    assert message in response.context["form"].errors["file"][0]
    assert len(api.calls) == 0


def test_files_over_the_dashboards_limit_are_refused_before_sending(
    client, api, project, annotator, settings
):
    settings.TRAINER_MAX_UPLOAD_BYTES = 100
    client.force_login(annotator)

    response = _post(client, project)

    assert response.context["form"].errors["file"] == [
        "The file is 213\xa0bytes; the limit is 100\xa0bytes."
    ]
    assert len(api.calls) == 0
