"""The verify step of a capture: a task waiting for a person (WaitForAction) is
verified on the dashboard's page when the capture service announces its
verification extension, else on the vendor's page; annotators and managers verify,
a read-only member only looks."""

import pytest
import responses as responses_lib
from django.urls import reverse
from responses import matchers

from tests import factories
from trainer.apiclient.flexicapture import FlexiCaptureClient
from trainer.dashboard.capture import services
from trainer.dashboard.models import CaptureDocument, Role

pytestmark = pytest.mark.django_db

API = "http://testserver/api/capture/"
TASK = "0f8e6c1a-2b3d-4e5f-8a9b-1c2d3e4f5a6b"
FILE = "7a0dbecf-8dbd-4291-87a3-d27292ebeb06"
TOTAL = "Root/Invoice Layout/Total"
NUMBER = "Root/Invoice Layout/InvoiceNumber"
DATE = "Root/Invoice Layout/InvoiceDate"
VERIFICATION_ID = "7bfb534eb05217799deb93d524cd8257"
SOURCE = {"id": FILE, "token": "tok", "name": "march.pdf"}
LAYOUT = {
    "pages": [{"id": 41, "number": 1, "resolution": 150, "width": 1240, "height": 1754}],
    "fields": [{"name": TOTAL, "value": "EUR 12.00", "rectangles": []}],
}
# As the embedded service lists them: in the document type's order.
TO_VERIFY = [
    {"name": NUMBER, "value": "INV-7", "confidence": 0.92, "required": True, "rectangles": []},
    {
        "name": TOTAL,
        "value": "EUR 12.00",
        "confidence": 0.41,
        "required": True,
        "unsure": True,
        "rectangles": [],
    },
    {"name": DATE, "value": "", "confidence": 0.0, "required": False, "rectangles": []},
]


@pytest.fixture
def api():
    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def project(db):
    return services.capture_project_define(
        name="Supplier invoices", document_type="invoices", fields=[(NUMBER, True), (TOTAL, True)]
    )


def _member(project, role, username):
    user = factories.make_user(username=username)
    services.capture_membership_set(project=project, user=user, role=role)
    return user


@pytest.fixture
def annotator(project):
    return _member(project, Role.ANNOTATOR, "annotator")


@pytest.fixture
def reader(project):
    return _member(project, Role.READ_ONLY, "reader")


def _document(project, *, verify_here=True, status="WaitForAction") -> CaptureDocument:
    return CaptureDocument.objects.create(
        project=project,
        name="march.pdf",
        file_id=FILE,
        file_token="tok",
        task_id=TASK,
        status=status,
        layout=LAYOUT,
        fields_found=LAYOUT["fields"],
        verification_id=VERIFICATION_ID,
        verify_here=verify_here,
    )


def _task(status: str, **extra) -> dict:
    files = {"source": SOURCE}
    if status == "Done":
        files["target"] = {"id": "x-1", "token": "xtok", "name": "march.json"}
    return {"id": TASK, "status": status, **extra, "documents": [{"files": files}]}


def _verification(api, fields=TO_VERIFY) -> None:
    api.get(
        API + f"v2/task/{TASK}/verification",
        json={
            "task_id": TASK,
            "verification_id": VERIFICATION_ID,
            "documents": [{"file_id": FILE, "name": "march.pdf", "fields": fields}],
        },
    )


def _verify_url(document) -> str:
    return reverse("dashboard:capture-document-verify", args=[document.project.pk, document.pk])


def _refusal(description: str) -> dict:
    return {"id": "r-1", "error": "bad_request", "error_description": description}


# -- the sync: which page verifies --------------------------------------------------------


@pytest.mark.parametrize(
    ("extensions", "here"),
    [({"json": {"extensions": ["verification"]}}, True), ({"status": 404, "json": {}}, False)],
)
def test_a_task_coming_to_wait_keeps_its_verification_id_and_where_it_is_verified(
    project, api, extensions, here
):
    document = _document(project, status="InProgress", verify_here=False)
    CaptureDocument.objects.filter(pk=document.pk).update(verification_id="", layout={})
    document.refresh_from_db()
    api.get(API + f"v2/task/{TASK}", json=_task("WaitForAction", verification_id=VERIFICATION_ID))
    api.get(API + f"v2/training/layout/{TASK}/{FILE}", json=LAYOUT)
    api.get(API + "v2/extensions", **extensions)

    services.capture_document_sync(document=document, client=FlexiCaptureClient.from_settings())

    document.refresh_from_db()
    assert (document.status, document.verification_id) == ("WaitForAction", VERIFICATION_ID)
    assert document.verify_here is here


# -- the link of the status -------------------------------------------------------------


def test_an_annotator_is_linked_to_the_dashboards_page(client, project, annotator):
    document = _document(project)
    client.force_login(annotator)

    response = client.get(reverse("dashboard:capture-documents", args=[project.pk]))

    assert f'href="{_verify_url(document)}"' in response.text
    assert ">Verify<" in response.text


def test_an_annotator_is_linked_to_the_vendors_page_on_its_web_host(
    client, project, annotator, settings
):
    settings.CAPTURE_WEB_URL = "https://cloud-us.flexicapture.com/"
    _document(project, verify_here=False)
    client.force_login(annotator)

    response = client.get(reverse("dashboard:capture-documents", args=[project.pk]))

    assert f'href="https://cloud-us.flexicapture.com/verification/{VERIFICATION_ID}"' in (
        response.text
    )


def test_a_reader_is_not_given_the_vendors_page(client, project, reader):
    _document(project, verify_here=False)
    client.force_login(reader)

    response = client.get(reverse("dashboard:capture-documents", args=[project.pk]))

    assert "/verification/" not in response.text


def test_a_done_document_has_no_verify_link(client, project, annotator):
    document = _document(project, status="Done")
    client.force_login(annotator)

    response = client.get(reverse("dashboard:capture-documents", args=[project.pk]))

    assert _verify_url(document) not in response.text


# -- the dashboard's page -----------------------------------------------------------------


def test_the_page_lists_the_fields_with_value_and_confidence_lowest_first(
    client, project, annotator, api
):
    document = _document(project)
    _verification(api)
    client.force_login(annotator)

    response = client.get(_verify_url(document))

    assert response.status_code == 200
    text = response.text
    assert text.index("InvoiceDate") < text.index(">Total<") < text.index("InvoiceNumber")
    assert 'value="EUR 12.00"' in text
    assert "41%" in text and "92%" in text
    assert "Confirm the values" in text


def test_the_fields_the_service_calls_unsure_are_marked(client, project, annotator, api):
    document = _document(project)
    _verification(api)
    client.force_login(annotator)

    rows = client.get(_verify_url(document)).text.split("<tr>")[2:]

    marked = [row for row in rows if 'class="badge badge--unsure"' in row]
    assert len(marked) == 1
    assert ">Total<" in marked[0]


def test_a_reader_sees_the_page_but_cannot_change_or_confirm(client, project, reader, api):
    document = _document(project)
    _verification(api)
    client.force_login(reader)

    response = client.get(_verify_url(document))

    assert response.status_code == 200
    assert "disabled" in response.text
    assert "Confirm the values" not in response.text


def test_a_reader_cannot_verify(client, project, reader, api):
    document = _document(project)
    client.force_login(reader)

    response = client.post(_verify_url(document), {"field-0": "x"})

    assert response.status_code == 403
    assert not [call for call in api.calls if call.request.method == "POST"]


def test_an_outsider_gets_404(client, project, api):
    document = _document(project)
    client.force_login(factories.make_user(username="outsider"))

    assert client.get(_verify_url(document)).status_code == 404


@pytest.mark.parametrize(("status", "verify_here"), [("Done", True), ("WaitForAction", False)])
def test_no_page_where_nothing_waits_for_it(client, project, annotator, status, verify_here):
    document = _document(project, status=status, verify_here=verify_here)
    client.force_login(annotator)

    assert client.get(_verify_url(document)).status_code == 404


def test_an_annotator_confirms_the_values_and_the_task_goes_on_to_done(
    client, project, annotator, api
):
    document = _document(project)
    _verification(api)
    api.post(
        API + f"v2/task/{TASK}/verification",
        json=_task("Done"),
        match=[
            matchers.json_params_matcher(
                {
                    "documents": [
                        {
                            "file_id": FILE,
                            "fields": [
                                {"name": DATE, "value": "01.03.2026"},
                                {"name": TOTAL, "value": "EUR 21.00"},
                                {"name": NUMBER, "value": "INV-7"},
                            ],
                        }
                    ]
                }
            )
        ],
    )
    api.get(API + f"v2/task/{TASK}", json=_task("Done"))
    api.get(API + f"v2/training/layout/{TASK}/{FILE}", json=LAYOUT)
    client.force_login(annotator)

    response = client.post(
        _verify_url(document), {"field-0": "01.03.2026", "field-1": "EUR 21.00", "field-2": "INV-7"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "dashboard:capture-document", args=[project.pk, document.pk]
    )
    document.refresh_from_db()
    assert document.status == "Done"


def test_a_required_field_left_empty_is_refused_and_nothing_is_sent(
    client, project, annotator, api
):
    document = _document(project)
    _verification(api)
    client.force_login(annotator)

    response = client.post(_verify_url(document), {"field-0": "", "field-1": "", "field-2": "X"})

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not [call for call in api.calls if call.request.method == "POST"]


def test_a_refusal_of_the_service_is_shown_on_the_page(client, project, annotator, api):
    document = _document(project)
    _verification(api)
    api.post(
        API + f"v2/task/{TASK}/verification",
        status=400,
        json=_refusal("Invalid request: documents[0].fields[0].name: Unknown."),
    )
    client.force_login(annotator)

    response = client.post(
        _verify_url(document), {"field-0": "", "field-1": "EUR 21.00", "field-2": "INV-7"}
    )

    assert response.status_code == 502
    assert "documents[0].fields[0].name: Unknown." in response.text
    document.refresh_from_db()
    assert document.status == "WaitForAction"


def test_a_task_verified_meanwhile_leads_back_to_the_document(client, project, annotator, api):
    document = _document(project)
    api.get(
        API + f"v2/task/{TASK}/verification",
        status=404,
        json={"id": "r-1", "error": "not_found", "error_description": "No verification."},
    )
    client.force_login(annotator)

    response = client.get(_verify_url(document), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "dashboard:capture-document", args=[project.pk, document.pk]
    )
    assert "no longer waits for a verification" in response.text
