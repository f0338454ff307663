"""The capture learner on hand-made pages: geometry, anchors, extraction."""

from tests.learning.capture_pages import line
from trainer.learning.capture import (
    MAX_EXAMPLES,
    Page,
    Rectangle,
    Word,
    example_learn,
    extract,
    model_add,
    model_samples,
    reading_order,
    text_of,
    words_in,
)
from trainer.learning.capture_confidence import UNSURE_BELOW


def _invoice(*, dx: float = 0, dy: float = 0, total: str = "99.50", customer=("ACME",)) -> Page:
    words = [
        *line(50 + dy, "Invoice", x=100 + dx),
        *line(120 + dy, "Customer:", *customer, x=100 + dx),
        *line(400 + dy, "Total:", total, x=500 + dx),
        *line(900, "Thank", "you"),
    ]
    return Page(number=1, width=1000, height=1000, words=words)


def _box(page: Page, text: str) -> Rectangle:
    [word] = [w for w in page.words if w.text == text]
    return Rectangle(1, word.x1 - 2, word.y1 - 2, word.x2 + 2, word.y2 + 2)


def _model_from(page: Page, fields: dict) -> dict:
    return model_add(None, key="sample-1", example=example_learn([page], fields))


def test_words_in_a_rectangle_come_line_by_line_left_to_right():
    words = [Word("b", 50, 0, 60, 10), Word("c", 0, 20, 10, 30), Word("a", 0, 1, 10, 11)]

    assert text_of(words_in(words, Rectangle(1, 0, 0, 100, 40))) == "a b c"


def test_a_word_counts_as_inside_when_its_middle_line_is_inside_and_it_overlaps():
    words = [Word("in", 90, 0, 120, 10), Word("below", 0, 8, 20, 18)]

    assert [w.text for w in words_in(words, Rectangle(1, 0, 0, 100, 10))] == ["in"]


def test_reading_order_keeps_a_slightly_lower_word_on_itsline():
    words = [Word("second", 60, 3, 100, 23), Word("first", 0, 0, 50, 20)]

    assert [w.text for w in reading_order(words)] == ["first", "second"]


def test_an_unknown_field_comes_back_empty():
    result = extract(None, [_invoice()], ["Total"])

    assert result["Total"].value == ""
    assert result["Total"].rectangles == []
    assert result["Total"].confidence == 0.0


def test_a_learnt_field_is_found_at_the_same_place_on_a_new_page():
    trained = _invoice()
    model = _model_from(trained, {"Total": [_box(trained, "99.50")]})

    result = extract(model, [_invoice(total="12.00")], ["Total"])

    assert result["Total"].value == "12.00"
    assert result["Total"].confidence >= UNSURE_BELOW


def test_anchor_words_follow_a_shifted_page():
    trained = _invoice()
    model = _model_from(trained, {"Total": [_box(trained, "99.50")]})

    result = extract(model, [_invoice(dx=-60, dy=140, total="12.00")], ["Total"])

    assert result["Total"].value == "12.00"


def test_a_longer_value_is_taken_whole_but_not_its_label():
    trained = _invoice()
    model = _model_from(trained, {"Customer": [_box(trained, "ACME")]})

    result = extract(model, [_invoice(customer=("Stark", "Industrial", "Ltd"))], ["Customer"])

    assert result["Customer"].value == "Stark Industrial Ltd"


def test_the_rectangle_found_is_the_box_around_the_words_of_the_value():
    trained = _invoice()
    model = _model_from(trained, {"Total": [_box(trained, "99.50")]})
    page = _invoice(total="1,234.00")

    [rectangle] = extract(model, [page], ["Total"])["Total"].rectangles

    [word] = [w for w in page.words if w.text == "1,234.00"]
    assert rectangle == Rectangle(1, word.x1, word.y1, word.x2, word.y2)


def test_without_its_anchors_a_field_keeps_its_place_on_the_page_with_less_confidence():
    trained = _invoice()
    model = _model_from(trained, {"Total": [_box(trained, "99.50")]})
    page = Page(1, 1000, 1000, [Word("77.00", 570, 400, 610, 420)])

    result = extract(model, [page], ["Total"])["Total"]

    assert result.value == "77.00"
    assert 0 < result.confidence < 1


def test_a_field_on_a_page_the_document_lacks_is_not_found():
    trained = _invoice()
    second = Page(2, 1000, 1000, line(100, "Notes:", "none"))
    model = model_add(
        None,
        key="a",
        example=example_learn([trained, second], {"Notes": [Rectangle(2, 170, 95, 260, 125)]}),
    )

    assert extract(model, [_invoice()], ["Notes"])["Notes"].value == ""


def test_several_rectangles_of_a_field_are_joined_in_their_order():
    trained = _invoice()
    fields = {"Heading": [_box(trained, "Invoice"), _box(trained, "Thank")]}
    model = _model_from(trained, fields)

    assert extract(model, [_invoice()], ["Heading"])["Heading"].value == "Invoice Thank"


def test_learning_a_document_again_replaces_its_example():
    trained = _invoice()
    example = example_learn([trained], {"Total": [_box(trained, "99.50")]})

    model = model_add(model_add(None, key="doc", example=example), key="doc", example=example)

    assert model_samples(model) == 1


def test_only_the_newest_examples_are_kept():
    trained = _invoice()
    example = example_learn([trained], {"Total": [_box(trained, "99.50")]})
    model = None
    for key in range(MAX_EXAMPLES + 3):
        model = model_add(model, key=str(key), example=example)

    assert model_samples(model) == MAX_EXAMPLES
    assert model["examples"][-1]["key"] == str(MAX_EXAMPLES + 2)


def test_a_model_survives_a_round_trip_through_json():
    import json

    trained = _invoice()
    model = json.loads(json.dumps(_model_from(trained, {"Total": [_box(trained, "99.50")]})))

    assert extract(model, [_invoice(total="5.00")], ["Total"])["Total"].value == "5.00"


def test_a_model_learnt_before_kinds_were_kept_still_finds_its_fields():
    old_example = {
        "Total": [
            {
                "page": 1,
                "box": [0.568, 0.398, 0.612, 0.422],
                "anchors": [{"text": "total", "dx": 0.07, "dy": 0.0}],
            }
        ]
    }
    model = {"format": 1, "examples": [{"key": "old", "fields": old_example}]}

    assert extract(model, [_invoice(total="12.00")], ["Total"])["Total"].value == "12.00"
