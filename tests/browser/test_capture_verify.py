"""The verify step in Chromium: with UserVerification, an uploaded invoice waits for a
person (WaitForAction); the manager opens the dashboard's verification page from the
document, types each value as the invoice prints it (the total corrected) and
confirms; the task goes on to Done with those values."""

import re

import pytest
from playwright.sync_api import expect

from tests.captureapi.invoices import invoice
from trainer.dashboard.models import CaptureDocument, CaptureStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTURE_TIMEOUT_MS = 60_000
TOTAL = "Root/Invoice Layout/Total"
CORRECTED = "EUR 1,234.56"


def test_manager_verifies_a_waiting_capture_and_it_ends_done(demo, page_as, tmp_path, settings):
    settings.CAPTURE_API_VERIFICATION_TYPE = "UserVerification"
    pdf = tmp_path / "invoice-5.pdf"
    document = invoice(5)
    pdf.write_bytes(document.pdf)
    page = page_as("demo-manager")
    page.get_by_role("link", name="Supplier invoices").click()
    page.get_by_role("link", name="Documents").click()
    page.get_by_label("Document").set_input_files(pdf)
    page.get_by_role("button", name="Upload and capture").click()
    page.wait_for_url(re.compile(r"/capture/\d+/documents/\d+/$"))

    verify = page.locator("#document-card").get_by_role("link", name="Verify")
    expect(verify).to_be_visible(timeout=CAPTURE_TIMEOUT_MS)
    verify.click()
    page.wait_for_url(re.compile(r"/capture/\d+/documents/\d+/verify$"))
    typed = {**document.values, TOTAL: CORRECTED}
    for name, value in typed.items():
        page.get_by_label(name.rpartition("/")[2], exact=True).fill(value)
    page.get_by_role("button", name="Confirm the values").click()

    page.wait_for_url(re.compile(r"/capture/\d+/documents/\d+/$"))
    expect(page.get_by_text("Verified: the capture goes on with these values.")).to_be_visible()
    expect(page.locator("#document-card .badge")).to_have_text("Done", timeout=CAPTURE_TIMEOUT_MS)
    verified = CaptureDocument.objects.get()
    assert verified.status == CaptureStatus.DONE
    assert verified.verification_id
    values = {field["name"]: field["value"] for field in verified.layout["fields"]}
    assert {name: values[name] for name in typed} == typed
