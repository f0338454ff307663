"""The values of a capture project's documents as CSV: a row per document, a column per
field, repeating fields joined, the unsure ones named, and cells a spreadsheet would run
as formulas defused."""

import csv
import io

import pytest
from django.urls import reverse

from tests import factories
from trainer.dashboard.capture import export, services
from trainer.dashboard.models import CaptureDocument, Role

pytestmark = pytest.mark.django_db

TOTAL = "Root/Invoice Layout/Total"
NUMBER = "Root/Invoice Layout/InvoiceNumber"


@pytest.fixture
def project(db):
    return services.capture_project_define(
        name="Rechnungen für März",
        document_type="invoices",
        fields=[(NUMBER, True), (TOTAL, True)],
    )


@pytest.fixture
def reader(project, client):
    user = factories.make_user(username="reader")
    services.capture_membership_set(project=project, user=user, role=Role.READ_ONLY)
    client.force_login(user)
    return user


def _document(project, name, fields_found, status="Done"):
    return CaptureDocument.objects.create(
        project=project, name=name, file_id="f", file_token="t", task_id="t", status=status,
        fields_found=fields_found,
    )  # fmt: skip


def _get(client, project):
    return client.get(reverse("dashboard:capture-documents-csv", args=[project.pk]))


def _table(client, project) -> list[list[str]]:
    response = _get(client, project)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_a_row_per_document_newest_first_a_column_per_field(client, project, reader):
    _document(
        project,
        "march.pdf",
        [{"name": TOTAL, "value": "EUR 12.00"}, {"name": NUMBER, "value": "A-7"}],
    )
    _document(
        project,
        "april.pdf",
        [{"name": TOTAL, "value": "EUR 4.00", "unsure": True}],
        "WaitForAction",
    )

    header, april, march = _table(client, project)

    assert header == [
        "Document",
        "Status",
        "Uploaded",
        "Uploaded by",
        "InvoiceNumber",
        "Total",
        "Unsure",
    ]
    assert april[:2] == ["april.pdf", "Waits for a person"]
    assert april[4:] == ["", "EUR 4.00", "Total"]
    assert march[0] == "march.pdf" and march[4:] == ["A-7", "EUR 12.00", ""]


def test_the_file_is_named_after_the_project(client, project, reader):
    disposition = _get(client, project)["Content-Disposition"]

    assert disposition == "attachment; filename*=utf-8''rechnungen-f%C3%BCr-m%C3%A4rz.csv"


def test_the_file_speaks_the_language_of_the_page(client, project, reader, settings):
    _document(project, "april.pdf", [], "WaitForAction")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    header, april = _table(client, project)

    assert header[:2] == ["Dokument", "Status"]
    assert april[1] != "Waits for a person"


def test_a_repeating_field_gives_its_values_joined(client, project, reader):
    _document(
        project, "rows.pdf", [{"name": TOTAL, "value": "1.00"}, {"name": TOTAL, "value": "2.00"}]
    )

    assert _table(client, project)[1][5] == "1.00; 2.00"


def test_fields_of_one_label_are_headed_by_their_whole_names(client, reader):
    project = services.capture_project_define(
        name="Two totals",
        document_type="invoices",
        fields=[(TOTAL, True), ("Root/Tax/Total", False)],
    )
    services.capture_membership_set(project=project, user=reader, role=Role.READ_ONLY)

    assert _table(client, project)[0][4:6] == [TOTAL, "Root/Tax/Total"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-12.50", "-12.50"),
        ("+49 30 1234", "+49 30 1234"),
        ("EUR 12.00", "EUR 12.00"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_and_a_number_does_not(value, cell):
    assert export.cell(value) == cell


def test_a_formula_in_a_documents_name_or_value_reaches_the_file_defused(client, project, reader):
    _document(project, "=cmd.pdf", [{"name": NUMBER, "value": "=1+1"}])

    row = _table(client, project)[1]

    assert (row[0], row[4]) == ("'=cmd.pdf", "'=1+1")


def test_outsiders_get_404_and_the_documents_page_links_the_file(client, project, reader):
    _document(project, "march.pdf", [])
    url = reverse("dashboard:capture-documents-csv", args=[project.pk])
    assert (
        url
        in client.get(reverse("dashboard:capture-documents", args=[project.pk])).content.decode()
    )

    client.force_login(factories.make_user(username="outsider"))
    assert client.get(url).status_code == 404
