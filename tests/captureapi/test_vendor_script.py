"""The embedded service driven as public clients drive ABBYY FlexiCapture Cloud v2:
plain HTTP with Basic auth, only the vendor's documented calls and answers (upload and
read [0].id and [0].token, run a task with its three properties, poll the task until
Done, read the layout, train: 204), then the next invoice of the layout comes out right
in its layout."""

import pytest
import requests

from trainer.captureapi import services

from .invoices import invoice

DPI = 150
PROPERTIES = {"region": "EU", "export_format": "Json", "verification_type": "NoVerification"}
POLLS = 20


@pytest.fixture
def vendor(live_server, invoices_type, eager_celery, transactional_db):
    """(base URL, Basic credentials) of the embedded service, as the vendor's would be."""
    application, raw = services.application_create(name="Script")
    return f"{live_server.url}/api/capture", (application.app_id, raw)


def _capture(base: str, auth: tuple[str, str], pdf: bytes) -> tuple[str, str, dict]:
    """Upload, run the task, poll it to Done; its id, the file's id and the layout."""
    uploaded = requests.post(
        f"{base}/v2/file", files={"file": ("invoice.pdf", pdf)}, auth=auth, timeout=30
    )
    assert uploaded.ok, uploaded.text
    file_id, token = uploaded.json()[0]["id"], uploaded.json()[0]["token"]

    run = requests.post(
        f"{base}/v2/task/capture/invoices",
        json={"files": [{"id": file_id, "token": token}], "properties": PROPERTIES},
        auth=auth,
        timeout=30,
    )
    assert run.ok, run.text
    task_id = run.json()["id"]

    # The capture runs in-process here (eager Celery): Done at the first poll, no wait.
    for _poll in range(POLLS):
        status = requests.get(f"{base}/v2/task/{task_id}", auth=auth, timeout=30).json()["status"]
        if status not in ("New", "Submitted", "InProgress"):
            break
    assert status == "Done"

    layout = requests.get(f"{base}/v2/training/layout/{task_id}/{file_id}", auth=auth, timeout=30)
    assert layout.ok, layout.text
    return task_id, file_id, layout.json()


def test_a_public_clients_script_captures_trains_and_captures_the_next_invoice(vendor):
    base, auth = vendor
    first = invoice(1)
    task_id, file_id, layout = _capture(base, auth, first.pdf)
    page_id = layout["pages"][0]["id"]

    trained = requests.post(
        f"{base}/v2/training",
        json={
            "task_id": task_id,
            "file_id": file_id,
            "fields": [
                {
                    "name": name,
                    "rectangles": [
                        {"page_id": page_id, "x1": r.x1, "y1": r.y1, "x2": r.x2, "y2": r.y2}
                    ],
                }
                for name, [r] in first.rectangles(dpi=DPI).items()
            ],
        },
        auth=auth,
        timeout=30,
    )

    assert (trained.status_code, trained.content) == (204, b"")
    second = invoice(2)
    _task_id, _file_id, next_layout = _capture(base, auth, second.pdf)
    assert {field["name"]: field["value"] for field in next_layout["fields"]} == second.values
