"""The vendor's results and verification: a Done document's JSON export (its target
file), a task waiting for a person with its verification_id, and this service's
extension that finishes the verification (GET and POST /v2/task/{id}/verification),
announced by GET /v2/extensions."""

import json
import re

import pytest

from trainer.captureapi.models import Status

from .conftest import exported, post_json, refusal, url

pytestmark = pytest.mark.django_db

TOTAL = "Root/Invoice Layout/Total"


def _task(api, task_id: str) -> dict:
    return api.get(url(f"v2/task/{task_id}")).json()


def test_a_done_document_has_a_json_export_with_values_confidence_and_rectangles(api, captured):
    task_id, file_id, layout, _document = captured(1, verification_type="NoVerification")

    files = _task(api, task_id)["documents"][0]["files"]
    assert files["source"]["id"] == file_id
    response = api.get(url(f"v2/file/{files['target']['id']}/{files['target']['token']}"))
    assert response["Content-Type"] == "application/json"
    export = json.loads(b"".join(response.streaming_content))
    assert export["source"]["id"] == file_id
    assert [field["name"] for field in export["fields"]] == [f["name"] for f in layout["fields"]]
    assert all({"value", "confidence", "rectangles", "unsure"} <= set(f) for f in export["fields"])


def test_the_export_is_named_after_the_source_and_described_like_any_file(api, captured):
    task_id, _file_id, _layout, _document = captured(1, verification_type="NoVerification")
    target = _task(api, task_id)["documents"][0]["files"]["target"]

    info = api.get(url(f"v2/file/{target['id']}/{target['token']}/info")).json()

    assert (info["name"], info["extension"], info["mime"]) == (
        "invoice.json",
        "json",
        "application/json",
    )


def test_user_verification_waits_with_a_verification_id_and_no_export(api, captured):
    task_id, _file_id, _layout, _document = captured(1, verification_type="UserVerification")

    task = _task(api, task_id)

    assert task["status"] == Status.WAIT_FOR_ACTION
    assert re.fullmatch(r"[0-9a-f]{32}", task["verification_id"])
    assert set(task["documents"][0]["files"]) == {"source"}


def _exported_fields(api, task_id: str) -> list[dict]:
    target = _task(api, task_id)["documents"][0]["files"]["target"]
    response = api.get(url(f"v2/file/{target['id']}/{target['token']}"))
    return json.loads(b"".join(response.streaming_content))["fields"]


def _lowest_confidence(api, captured) -> float:
    """The lowest confidence of a field of invoice 1, captured without verification."""
    task_id, _file_id, _layout, _document = captured(1, verification_type="NoVerification")
    return min(field["confidence"] for field in _exported_fields(api, task_id))


def test_the_export_marks_the_fields_below_the_types_threshold_unsure(api, captured, invoices_type):
    invoices_type.verification_threshold = _lowest_confidence(api, captured) + 0.01
    invoices_type.save(update_fields=["verification_threshold"])

    task_id, _file_id, _layout, _document = captured(1, verification_type="NoVerification")

    fields = _exported_fields(api, task_id)
    assert any(field["unsure"] for field in fields)
    assert all(
        field["unsure"] == (field["confidence"] < invoices_type.verification_threshold)
        for field in fields
    )


def test_user_verification_waits_even_when_every_field_is_sure(api, captured, invoices_type):
    invoices_type.verification_threshold = 0
    invoices_type.save(update_fields=["verification_threshold"])

    task_id, _file_id, _layout, _document = captured(1, verification_type="UserVerification")

    assert _task(api, task_id)["status"] == Status.WAIT_FOR_ACTION


def test_troubleshooting_waits_when_a_field_is_below_the_types_threshold(
    api, captured, invoices_type
):
    invoices_type.verification_threshold = _lowest_confidence(api, captured) + 0.01
    invoices_type.save(update_fields=["verification_threshold"])

    task_id, _file_id, _layout, _document = captured(1, verification_type="Troubleshooting")

    assert _task(api, task_id)["status"] == Status.WAIT_FOR_ACTION
    [document] = api.get(url(f"v2/task/{task_id}/verification")).json()["documents"]
    unsure = [f for f in document["fields"] if f["unsure"]]
    assert unsure
    assert all(f["confidence"] < invoices_type.verification_threshold for f in unsure)


def test_troubleshooting_ends_done_when_every_field_is_at_the_threshold_or_above(
    api, captured, invoices_type
):
    invoices_type.verification_threshold = _lowest_confidence(api, captured)
    invoices_type.save(update_fields=["verification_threshold"])

    task_id, _file_id, _layout, _document = captured(1, verification_type="Troubleshooting")

    task = _task(api, task_id)
    assert (task["status"], task["verification_id"]) == (Status.DONE, None)
    assert "target" in task["documents"][0]["files"]


def test_troubleshooting_waits_when_a_required_field_is_not_found(api, own_type, captured):
    own_type.verification_threshold = 0
    own_type.save(update_fields=["verification_threshold"])

    task_id, _file_id, _layout, _document = captured(
        1, document_type=own_type.slug, verification_type="Troubleshooting"
    )

    assert _task(api, task_id)["status"] == Status.WAIT_FOR_ACTION


def test_the_verification_lists_each_field_with_value_confidence_and_required(api, captured):
    task_id, file_id, _layout, _document = captured(1, verification_type="UserVerification")

    body = api.get(url(f"v2/task/{task_id}/verification")).json()

    assert body["verification_id"] == _task(api, task_id)["verification_id"]
    [document] = body["documents"]
    assert (document["file_id"], document["name"]) == (file_id, "invoice.pdf")
    total = next(field for field in document["fields"] if field["name"] == TOTAL)
    assert total["required"] is True
    assert 0 <= total["confidence"] <= 1


def test_a_verification_finishes_the_task_with_the_values_a_person_gave(api, captured):
    task_id, file_id, _layout, _document = captured(1, verification_type="UserVerification")
    body = {"documents": [{"file_id": file_id, "fields": [{"name": TOTAL, "value": "EUR 9.99"}]}]}

    response = post_json(api, f"v2/task/{task_id}/verification", body)

    assert response.status_code == 200
    assert response.json()["status"] == Status.DONE
    assert exported(api, task_id)[TOTAL] == "EUR 9.99"
    layout = api.get(url(f"v2/training/layout/{task_id}/{file_id}")).json()
    assert {f["name"]: f["value"] for f in layout["fields"]}[TOTAL] == "EUR 9.99"


def test_after_verification_every_field_is_confirmed(api, captured):
    task_id, file_id, _layout, _document = captured(1, verification_type="UserVerification")
    body = {"documents": [{"file_id": file_id, "fields": [{"name": TOTAL, "value": "1"}]}]}
    post_json(api, f"v2/task/{task_id}/verification", body)
    target = _task(api, task_id)["documents"][0]["files"]["target"]

    response = api.get(url(f"v2/file/{target['id']}/{target['token']}"))

    export = json.loads(b"".join(response.streaming_content))
    assert {field["confidence"] for field in export["fields"]} == {1.0}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"file_id": "FILE", "fields": [{"name": "Root/Nope", "value": "x"}]}, "fields[0].name"),
        ({"file_id": "FILE", "fields": [{"name": TOTAL, "value": 5}]}, "fields[0].value"),
        ({"file_id": "FILE", "fields": [{"name": TOTAL}]}, "fields[0].value"),
        ({"file_id": "nope", "fields": [{"name": TOTAL, "value": "x"}]}, "file_id"),
        ({"file_id": "FILE", "fields": []}, "fields"),
        ({"file_id": "FILE", "fields": [], "pages": 1}, "pages"),
    ],
)
def test_a_verification_that_breaks_a_rule_is_a_400_naming_the_field(
    api, captured, document, field
):
    task_id, file_id, _layout, _document = captured(1, verification_type="UserVerification")
    document = {**document, "file_id": document["file_id"].replace("FILE", file_id)}

    response = post_json(api, f"v2/task/{task_id}/verification", {"documents": [document]})

    assert f"documents[0].{field}: " in refusal(response)
    assert _task(api, task_id)["status"] == Status.WAIT_FOR_ACTION


def test_a_task_that_waits_for_no_one_has_no_verification(api, captured):
    task_id, file_id, _layout, _document = captured(1, verification_type="NoVerification")
    body = {"documents": [{"file_id": file_id, "fields": [{"name": TOTAL, "value": "1"}]}]}

    assert "no verification waits" in refusal(api.get(url(f"v2/task/{task_id}/verification")), 404)
    assert refusal(post_json(api, f"v2/task/{task_id}/verification", body), 404)


def test_another_applications_task_has_no_verification(api, other_api, captured):
    task_id, _file_id, _layout, _document = captured(1, verification_type="UserVerification")

    assert other_api.get(url(f"v2/task/{task_id}/verification")).status_code == 404


def test_the_service_announces_its_extensions(api):
    response = api.get(url("v2/extensions"))

    assert response.json() == {"extensions": ["verification"]}
