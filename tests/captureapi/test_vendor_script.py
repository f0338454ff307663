"""The embedded service driven as public clients drive ABBYY FlexiCapture Cloud v2:
plain HTTP with Basic auth, only the vendor's documented calls and answers (upload and
read [0].id and [0].token, run a task with its three properties, poll the task until
Done, download every target… file, read the layout, train: 204), then the next invoice
of the layout comes out right in its export and its layout. A task asking for
UserVerification stops at WaitForAction with a verification_id; a person finishes it
(here through this service's extension, at the vendor on its verification page) and
the task goes on to Done."""

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


def _poll(base: str, auth: tuple[str, str], task_id: str) -> dict:
    """The task once it is no longer Submitted or InProgress."""
    # The capture runs in-process here (eager Celery): settled at the first poll, no wait.
    for _poll in range(POLLS):
        task = requests.get(f"{base}/v2/task/{task_id}", auth=auth, timeout=30).json()
        if task["status"] not in ("New", "Submitted", "InProgress"):
            break
    return task


def _targets(base: str, auth: tuple[str, str], task: dict) -> list[dict]:
    """Every target… file of the task's documents, downloaded, as public clients do."""
    downloads = []
    for document in task["documents"]:
        for key, target in document["files"].items():
            if key.startswith("target"):
                response = requests.get(
                    f"{base}/v2/file/{target['id']}/{target['token']}", auth=auth, timeout=30
                )
                assert response.ok, response.text
                downloads.append(response.json())
    return downloads


def _run(base: str, auth: tuple[str, str], pdf: bytes, **properties: str) -> tuple[str, str]:
    """Upload and run the task; its id and the file's id."""
    uploaded = requests.post(
        f"{base}/v2/file", files={"file": ("invoice.pdf", pdf)}, auth=auth, timeout=30
    )
    assert uploaded.ok, uploaded.text
    file_id, token = uploaded.json()[0]["id"], uploaded.json()[0]["token"]

    run = requests.post(
        f"{base}/v2/task/capture/invoices",
        json={
            "files": [{"id": file_id, "token": token}],
            "properties": {**PROPERTIES, **properties},
        },
        auth=auth,
        timeout=30,
    )
    assert run.ok, run.text
    assert run.json()["status"] == "Submitted"
    return run.json()["id"], file_id


def _layout(base: str, auth: tuple[str, str], task_id: str, file_id: str) -> dict:
    layout = requests.get(f"{base}/v2/training/layout/{task_id}/{file_id}", auth=auth, timeout=30)
    assert layout.ok, layout.text
    return layout.json()


def _capture(base: str, auth: tuple[str, str], pdf: bytes) -> tuple[str, str, dict, list]:
    """Upload, run the task, poll it to Done; its id, the file's id, the layout and
    the target… files."""
    task_id, file_id = _run(base, auth, pdf)
    task = _poll(base, auth, task_id)
    assert task["status"] == "Done"
    return task_id, file_id, _layout(base, auth, task_id, file_id), _targets(base, auth, task)


def test_a_public_clients_script_captures_trains_and_captures_the_next_invoice(vendor):
    base, auth = vendor
    first = invoice(1)
    task_id, file_id, layout, _targets = _capture(base, auth, first.pdf)
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
    _task_id, _file_id, next_layout, [export] = _capture(base, auth, second.pdf)
    assert {field["name"]: field["value"] for field in export["fields"]} == second.values
    assert {field["name"]: field["value"] for field in next_layout["fields"]} == second.values


def test_a_task_waiting_for_a_person_goes_on_to_done_once_verified(vendor):
    base, auth = vendor
    task_id, file_id = _run(base, auth, invoice(1).pdf, verification_type="UserVerification")
    waiting = _poll(base, auth, task_id)
    assert waiting["status"] == "WaitForAction"
    assert waiting["verification_id"]
    assert _targets(base, auth, waiting) == []

    # What the vendor's verification page does; here this service's extension.
    verified = requests.post(
        f"{base}/v2/task/{task_id}/verification",
        json={
            "documents": [
                {
                    "file_id": file_id,
                    "fields": [{"name": "Root/Invoice Layout/Total", "value": "7"}],
                }
            ]
        },
        auth=auth,
        timeout=30,
    )

    assert verified.ok, verified.text
    done = _poll(base, auth, task_id)
    assert done["status"] == "Done"
    [export] = _targets(base, auth, done)
    assert {f["name"]: f["value"] for f in export["fields"]}["Root/Invoice Layout/Total"] == "7"
