"""POST /v2/training (the source contract): every rule answered by a 400 naming the
field, 204 on success, and the next document of the layout captured right."""

import pytest

from trainer.captureapi.models import CaptureTask, Status

from .conftest import exported, post_json, refusal, url
from .invoices import FIELDS

pytestmark = pytest.mark.django_db

DPI = 150
TOTAL = "Root/Invoice Layout/Total"
CUSTOMER = "Root/Invoice Layout/Customer"
DUE = "Root/Invoice Layout/DueDate"


def _out_of_the_box(values: dict[str, str]) -> dict[str, str]:
    """The invoice's values as the finder reads them: a total is its amount ("EUR 9.90"
    is 9.90; the currency is a field of its own)."""
    return {**values, TOTAL: values[TOTAL].split()[-1]}


def _corners(r) -> dict:
    return {"x1": r.x1, "y1": r.y1, "x2": r.x2, "y2": r.y2}


def _body(task_id, file_id, layout, document, *, names=None) -> dict:
    """The training a person would draw: each field's rectangle on page 1."""
    page_id = layout["pages"][0]["id"]
    return {
        "task_id": task_id,
        "file_id": file_id,
        "fields": [
            {
                "name": name,
                "rectangles": [{"page_id": page_id, **_corners(r)} for r in rectangles],
            }
            for name, rectangles in document.rectangles(dpi=DPI).items()
            if names is None or name in names
        ],
    }


@pytest.fixture
def trained_body(captured):
    task_id, file_id, layout, document = captured(1)
    return _body(task_id, file_id, layout, document)


def test_a_valid_training_is_answered_204_without_a_body(api, trained_body):
    response = post_json(api, "v2/training", trained_body)

    assert response.status_code == 204
    assert response.content == b""


def test_the_next_document_of_the_layout_gets_every_field_after_one_training(
    api, captured, trained_body
):
    post_json(api, "v2/training", trained_body)

    task_id, _file_id, _layout, document = captured(2, verification_type="NoVerification")

    assert api.get(url(f"v2/task/{task_id}")).json()["status"] == Status.DONE
    assert exported(api, task_id) == document.values


def test_extracted_fields_carry_rectangles_on_the_pages_of_their_file(api, captured, trained_body):
    post_json(api, "v2/training", trained_body)

    task_id, file_id, layout, _document = captured(2)

    page = layout["pages"][0]
    [total] = [field for field in layout["fields"] if field["name"] == TOTAL]
    [rectangle] = total["rectangles"]
    assert rectangle["page_id"] == page["id"]
    assert 0 <= rectangle["x1"] < rectangle["x2"] <= page["width"]
    assert 0 <= rectangle["y1"] < rectangle["y2"] <= page["height"]


def test_before_any_training_the_invoices_type_finds_the_fields_out_of_the_box(api, captured):
    task_id, _file_id, layout, document = captured(1, verification_type="NoVerification")

    assert api.get(url(f"v2/task/{task_id}")).json()["status"] == Status.DONE
    assert {field["name"]: field["value"] for field in layout["fields"]} == _out_of_the_box(
        document.values
    )
    assert all(field["rectangles"] for field in layout["fields"])


def test_before_any_training_an_own_type_finds_nothing_and_the_task_waits(api, own_type, captured):
    task_id, _file_id, layout, _document = captured(1, document_type=own_type.slug)

    assert api.get(url(f"v2/task/{task_id}")).json()["status"] == Status.WAIT_FOR_ACTION
    assert {field["name"] for field in layout["fields"]} == set(FIELDS)
    assert all(field["value"] == "" for field in layout["fields"])


def test_without_verification_a_task_missing_required_fields_is_done(api, own_type, captured):
    task_id, _file_id, _layout, _document = captured(
        1, document_type=own_type.slug, verification_type="NoVerification"
    )

    assert api.get(url(f"v2/task/{task_id}")).json()["status"] == Status.DONE


def test_training_only_some_fields_leaves_the_others_unfound(api, own_type, captured):
    task_id, file_id, layout, document = captured(1, document_type=own_type.slug)
    post_json(api, "v2/training", _body(task_id, file_id, layout, document, names={TOTAL}))

    _task_id, _file_id, layout, document = captured(2, document_type=own_type.slug)

    values = {field["name"]: field["value"] for field in layout["fields"]}
    assert values[TOTAL] == document.values[TOTAL]
    assert values[CUSTOMER] == ""


def test_a_trained_field_overrides_the_out_of_the_box_finder(api, captured):
    """A person who trains Customer on the due date's place gets the due date there."""
    task_id, file_id, layout, document = captured(1)
    [due] = document.rectangles(dpi=DPI)[DUE]
    body = _body(task_id, file_id, layout, document, names={TOTAL})
    body["fields"][0] = {
        "name": CUSTOMER,
        "rectangles": [{**body["fields"][0]["rectangles"][0], **_corners(due)}],
    }
    post_json(api, "v2/training", body)

    _task_id, _file_id, layout, document = captured(2)

    values = {field["name"]: field["value"] for field in layout["fields"]}
    assert values[CUSTOMER] == document.values[DUE]
    assert values[TOTAL] == _out_of_the_box(document.values)[TOTAL]  # untrained


def test_training_the_same_file_again_replaces_its_sample(api, trained_body, application):
    post_json(api, "v2/training", trained_body)
    post_json(api, "v2/training", trained_body)

    assert application.capture_models.get().samples == 1


def test_training_is_kept_per_application(api, other_api, captured, trained_body, application):
    post_json(api, "v2/training", trained_body)

    assert not CaptureTask.objects.exclude(application=application).exists()
    response = post_json(other_api, "v2/training", trained_body)
    assert "task_id: " in refusal(response)


# -- every rule of the contract: 400 naming the field ----------------------------------


def _set(body: dict, path: list, value):
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (["task_id"], 7, "task_id"),
        (["task_id"], "", "task_id"),
        (["task_id"], "not-a-task", "task_id"),
        (["task_id"], "8d6bd1b4-8f6e-4c1c-9d2a-5e5b2f0a1b2c", "task_id"),
        (["file_id"], None, "file_id"),
        (["file_id"], "8d6bd1b4-8f6e-4c1c-9d2a-5e5b2f0a1b2c", "file_id"),
        (["fields"], [], "fields"),
        (["fields"], "all", "fields"),
        (["fields", 0], "Total", "fields[0]"),
        (["fields", 0, "name"], "", "fields[0].name"),
        (["fields", 0, "name"], "Root/Invoice Layout/Tip", "fields[0].name"),
        (["fields", 1, "name"], "Root/Invoice Layout/InvoiceNumber", "fields[1].name"),
        (["fields", 0, "rectangles"], [], "fields[0].rectangles"),
        (["fields", 0, "rectangles", 0], [1, 2, 3, 4], "fields[0].rectangles[0]"),
        (["fields", 0, "rectangles", 0, "page_id"], 999999, "fields[0].rectangles[0].page_id"),
        (["fields", 0, "rectangles", 0, "page_id"], "1", "fields[0].rectangles[0].page_id"),
        (["fields", 0, "rectangles", 0, "x1"], 1.5, "fields[0].rectangles[0].x1"),
        (["fields", 0, "rectangles", 0, "x1"], True, "fields[0].rectangles[0].x1"),
        (["fields", 0, "rectangles", 0, "y2"], 2**31, "fields[0].rectangles[0].y2"),
        (["fields", 0, "rectangles", 0, "x1"], -1, "fields[0].rectangles[0].x1"),
        (["fields", 0, "rectangles", 0, "y1"], -5, "fields[0].rectangles[0].y1"),
        (["fields", 0, "rectangles", 0, "x2"], 5000, "fields[0].rectangles[0].x2"),
        (["fields", 0, "rectangles", 0, "y2"], 5000, "fields[0].rectangles[0].y2"),
        (["fields", 0, "rectangles", 0, "x2"], 0, "fields[0].rectangles[0].x2"),
        (["fields", 0, "rectangles", 0, "y2"], 0, "fields[0].rectangles[0].y2"),
    ],
)
def test_each_broken_rule_is_a_400_naming_the_field(api, trained_body, path, value, field):
    response = post_json(api, "v2/training", _set(trained_body, path, value))

    assert f"{field}: " in refusal(response)


@pytest.mark.parametrize("missing", ["task_id", "file_id", "fields"])
def test_every_top_level_field_is_required(api, trained_body, missing):
    del trained_body[missing]

    assert refusal(post_json(api, "v2/training", trained_body)) == (
        f"Invalid request: {missing}: This field is required."
    )


@pytest.mark.parametrize("missing", ["page_id", "x1", "y1", "x2", "y2"])
def test_every_rectangle_coordinate_is_required(api, trained_body, missing):
    del trained_body["fields"][1]["rectangles"][0][missing]

    assert f"fields[1].rectangles[0].{missing}: " in refusal(
        post_json(api, "v2/training", trained_body)
    )


def test_a_field_without_its_name_is_refused(api, trained_body):
    del trained_body["fields"][2]["name"]

    assert "fields[2].name: " in refusal(post_json(api, "v2/training", trained_body))


def test_unknown_fields_are_refused(api, trained_body):
    trained_body["confidence"] = 1
    trained_body["fields"][0]["rectangles"][0]["page"] = 1

    description = refusal(post_json(api, "v2/training", trained_body))
    assert "confidence: Unknown field." in description
    assert "fields[0].rectangles[0].page: Unknown field." in description


def test_a_second_rectangle_is_named_by_its_index(api, trained_body):
    rectangles = trained_body["fields"][0]["rectangles"]
    rectangles.append({**rectangles[0], "x1": 30, "x2": 20})

    assert refusal(post_json(api, "v2/training", trained_body)) == (
        "Invalid request: fields[0].rectangles[1].x2: Must be greater than x1."
    )


def test_a_page_of_another_file_of_the_task_is_refused(api, captured, trained_body):
    _task_id, _file_id, other_layout, _document = captured(3)
    page_id = other_layout["pages"][0]["id"]
    trained_body["fields"][0]["rectangles"][0]["page_id"] = page_id

    description = refusal(post_json(api, "v2/training", trained_body))
    assert "fields[0].rectangles[0].page_id: " in description


def test_a_file_of_another_task_is_refused(api, captured, trained_body):
    _task_id, other_file_id, _layout, _document = captured(3)
    trained_body["file_id"] = other_file_id

    assert "file_id: " in refusal(post_json(api, "v2/training", trained_body))


def test_a_task_not_processed_yet_cannot_train(api, trained_body):
    CaptureTask.objects.filter(uuid=trained_body["task_id"]).update(status=Status.IN_PROGRESS)

    assert "task_id: " in refusal(post_json(api, "v2/training", trained_body))


def test_a_body_that_is_not_an_object_is_refused(api):
    assert (
        refusal(post_json(api, "v2/training", [1, 2]))
        == "Invalid request: body: Must be a JSON object."
    )


def test_a_body_that_is_not_json_is_refused(api):
    response = api.post(url("v2/training"), data=b"{", content_type="application/json")

    assert refusal(response) == "The body is not valid JSON."


def test_a_refused_training_teaches_nothing(api, trained_body, application):
    trained_body["fields"][0]["rectangles"][0]["x2"] = 99999

    post_json(api, "v2/training", trained_body)

    assert not application.capture_models.exists()
