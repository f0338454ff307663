"""The model page: its metrics for every model type and its "try it" box."""

import json

import pytest
import responses
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}

PER_ITEM = {
    "delivery": {"precision": 0.8, "recall": 1, "f1": 0.888889, "support": 4},
    "billing": {"precision": 1.0, "recall": 0.875, "f1": 0.933333, "support": 8},
}
# The learners' metrics per type (docs/text-types.md, "Metrics").
METRICS = {
    "LABEL": {
        "accuracy": 0.75,
        "macro_f1": 0.7,
        "test_documents": 12,
        "per_label": PER_ITEM,
        "confusion": {"billing": {"billing": 7, "delivery": 1}, "delivery": {"delivery": 4}},
    },
    "CLASS": {
        "micro_f1": 0.9,
        "micro_precision": 0.95,
        "micro_recall": 0.85,
        "macro_f1": 0.8,
        "accuracy": 1,
        "test_documents": 12,
        "per_class": PER_ITEM,
    },
    "CLASSLABEL": {
        "joint_f1": 0.6,
        "label_accuracy": 0.7,
        "class_f1": 0.85,
        "test_documents": 12,
        "per_class": PER_ITEM,
        "per_label": {"positive": {"precision": 0.5, "recall": 0.6, "f1": 0.545455, "support": 5}},
    },
    "ABSA": {
        "pair_f1": 0.55,
        "segment_f1": 0.3,
        "label_accuracy": 0.8,
        "class_f1": 0.6,
        "test_documents": 12,
        "per_class": PER_ITEM,
        "per_label": {"negative": {"precision": 0.5, "recall": 0.6, "f1": 0.545455, "support": 5}},
    },
}


@pytest.fixture
def detail(api):
    """The service announces the metrics-detail extension too."""
    api.replace(responses.GET, f"{API}info", json={"extensions": ["cancel", "metrics-detail"]})
    return api


def _model(project, *, type="CLASS", status="READY", **extra):
    return factories.make_model(
        project=project, remote_id=31, type=type, status=status, metrics=METRICS[type], **extra
    )


def _page(client, model):
    return client.get(reverse("dashboard:model", args=[model.project_id, model.pk])).text


def _try_url(model):
    return reverse("dashboard:model-try", args=[model.project_id, model.pk])


ANALYZE = f"{API}analyze"


def _pair(cls, label):
    """A tag's class and label as the box writes them, each name isolated."""
    return f"\u2068{cls}\u2069: \u2068{label}\u2069"


# What a screen reader hears around a segment's tags.
OPEN, CLOSE = '<span class="visually-hidden"> (</span>', '<span class="visually-hidden">)</span>'


def _analysis(model, *documents):
    """The answer of POST /analyze: each document's segments, as ``(start, end, tags)``."""
    return {
        "model": model.name,
        "type": model.type,
        "documents": [
            {
                "text": "",
                "segments": [
                    {"text": "", "span": [start, end], "tags": tags}
                    for start, end, tags in segments
                ],
            }
            for segments in documents
        ],
    }


def _classes(text, *names):
    return [(0, len(text), [{"class": name} for name in names])]


# -- metrics -----------------------------------------------------------------------------


def _row(label, value):
    return f'<tr><th scope="row">{label}</th><td class="num">{value}</td></tr>'


def test_ratios_show_three_decimals_and_counts_show_as_whole_numbers(
    client, detail, project, reader
):
    model = _model(project, type="CLASS")
    client.force_login(reader)

    page = _page(client, model)

    assert _row("Exact-set accuracy (all of a document&#x27;s classes right)", "1.000") in page
    assert _row("Test documents", "12") in page
    # billing: precision, recall, F1, support
    assert '<td class="num">1.000</td><td class="num">0.875</td><td class="num">0.933</td>' in page
    assert '<td class="num">0.933</td><td class="num">8</td>' in page


def test_a_label_model_shows_accuracy_per_label_and_the_shaded_confusion_matrix(
    client, detail, project, reader
):
    model = _model(project, type="LABEL")
    client.force_login(reader)

    page = _page(client, model)

    assert _row("Accuracy", "0.750") in page
    assert _row("Macro F1 (mean over labels)", "0.700") in page
    assert "The score is the accuracy" in page
    assert "<caption>Per label</caption>" in page
    assert "<caption>Confusion (rows: gold, columns: predicted)</caption>" in page
    # billing: 7 of 8 right (shade 4 of 4, rounded), 1 of 8 wrong (the lightest).
    assert '<td class="num confusion-hit-4">7</td><td class="num confusion-miss-1">1</td>' in page
    assert "Per class" not in page


def test_a_class_model_shows_micro_and_macro_f1_and_its_per_class_table(
    client, detail, project, reader
):
    model = _model(project, type="CLASS")
    client.force_login(reader)

    page = _page(client, model)

    for label, value in [
        ("Micro F1", "0.900"),
        ("Micro precision", "0.950"),
        ("Micro recall", "0.850"),
        ("Macro F1 (mean over classes)", "0.800"),
    ]:
        assert _row(label, value) in page
    assert "<caption>Per class</caption>" in page
    assert page.index('<th scope="row" dir="auto">billing</th>') < page.index(">delivery</th>")
    assert "Confusion" not in page and "Per label" not in page


def test_a_classlabel_model_shows_class_f1_label_accuracy_and_both_tables(
    client, detail, project, reader
):
    model = _model(project, type="CLASSLABEL")
    client.force_login(reader)

    page = _page(client, model)

    assert _row("Class and label F1", "0.600") in page
    assert _row("Class F1", "0.850") in page
    assert _row("Label accuracy (on the right classes)", "0.700") in page
    assert "<caption>Per class</caption>" in page and "<caption>Per label</caption>" in page


def test_an_absa_model_shows_class_and_label_f1_and_segment_f1(client, detail, project, reader):
    model = _model(project, type="ABSA")
    client.force_login(reader)

    page = _page(client, model)

    for label, value in [
        ("Class and label F1", "0.550"),
        ("Segment F1 (span, class and label)", "0.300"),
        ("Class F1", "0.600"),
        ("Label accuracy", "0.800"),
    ]:
        assert _row(label, value) in page
    assert '<th scope="row" dir="auto">negative</th>' in page


def test_without_the_metrics_detail_extension_only_the_summary_is_shown(
    client, api, project, reader
):
    model = _model(project, type="LABEL")
    client.force_login(reader)

    page = _page(client, model)

    assert _row("Accuracy", "0.750") in page
    assert "<caption>" not in page.split('id="model-card"')[1].split("</section>")[0]
    assert "Test documents" not in page
    assert [call.request.url for call in api.calls] == [f"{API}info"]


def test_figures_of_another_type_or_shape_are_not_shown(client, detail, project, reader):
    model = factories.make_model(
        project=project,
        type="LABEL",
        status="READY",
        metrics={"span_f1": 0.75, "accuracy": "high", "per_label": [1, 2], "confusion": 3},
    )
    client.force_login(reader)

    page = _page(client, model)

    assert "Span F1" not in page and "high" not in page and "<caption>Per" not in page
    assert "The service has reported no metrics for this model." in page


def test_a_model_without_detail_figures_does_not_ask_the_service(client, api, project, reader):
    model = factories.make_model(
        project=project, type="CLASS", status="READY", metrics={"micro_f1": 0.5}
    )
    client.force_login(reader)

    assert _row("Micro F1", "0.500") in _page(client, model)
    assert len(api.calls) == 0


def test_the_polled_card_shows_the_detail_once_a_page_has_asked_the_service(
    client, detail, project, reader
):
    model = _model(project, type="LABEL")
    status_url = reverse("dashboard:model-status", args=[project.pk, model.pk])
    client.force_login(reader)

    before = client.get(status_url, {"fragment": "card"}, headers=HTMX).text
    assert len(detail.calls) == 0  # a poll reads no API
    _page(client, model)
    after = client.get(status_url, {"fragment": "card"}, headers=HTMX).text

    assert _row("Accuracy", "0.750") in before and "<caption>Per label</caption>" not in before
    assert "<caption>Per label</caption>" in after
    assert len(detail.calls) == 1


@pytest.mark.parametrize(
    ("type", "meaning"),
    [
        ("LABEL", "Exactly one label per document"),
        ("CLASS", "None, one or more classes per document"),
        ("CLASSLABEL", "Classes per document, each with its label"),
        ("ABSA", "the text is cut into segments, and each segment carries classes"),
    ],
)
def test_the_details_say_what_the_type_means_as_the_vendor_means_it(
    client, api, project, reader, type, meaning
):
    model = _model(project, type=type)
    client.force_login(reader)

    assert meaning in _page(client, model)


# -- try it: who and when ----------------------------------------------------------------


@pytest.mark.parametrize("status", ["READY", "ACTIVE", "PUBLISHED"])
def test_every_member_sees_the_try_it_box_of_a_usable_model(client, api, project, reader, status):
    model = _model(project, status=status)
    client.force_login(reader)

    page = _page(client, model)

    assert f'action="{_try_url(model)}"' in page
    assert 'name="texts"' in page and 'dir="auto"' in page


@pytest.mark.parametrize("status", ["QUEUED", "TRAINING", "FAILED"])
def test_a_model_that_cannot_predict_has_no_try_it_box(client, api, project, reader, status):
    model = _model(project, status=status)
    client.force_login(reader)

    assert _try_url(model) not in _page(client, model)


def test_trying_a_model_that_cannot_predict_says_why_without_asking_the_service(
    client, api, project, reader
):
    model = _model(project, status="TRAINING")
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello"}, headers=HTMX)

    assert "Only a ready, active or published model can be tried" in response.text
    assert len(api.calls) == 0


def test_non_members_cannot_try_a_model(client, api, project, outsider):
    model = _model(project)
    client.force_login(outsider)

    assert client.post(_try_url(model), {"texts": "Hello"}).status_code == 404
    assert len(api.calls) == 0


def test_anonymous_visitors_are_sent_to_log_in_instead_of_trying(client, api, project):
    model = _model(project)

    response = client.post(_try_url(model), {"texts": "Hello"})

    assert response.status_code == 302
    assert len(api.calls) == 0


def test_trying_needs_the_csrf_token(api, project, reader):
    model = _model(project)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    assert client.post(_try_url(model), {"texts": "Hello"}).status_code == 403
    assert len(api.calls) == 0


def test_trying_is_a_post(client, project, reader):
    model = _model(project)
    client.force_login(reader)

    assert client.get(_try_url(model)).status_code == 405


# -- try it: the form --------------------------------------------------------------------


def test_one_text_a_line_is_sent_without_the_blank_lines(client, api, project, reader):
    model = _model(project)
    api.post(
        ANALYZE,
        json=_analysis(
            model,
            _classes("Refund please.", "billing"),
            _classes("Where is my parcel?", "delivery"),
        ),
    )
    client.force_login(reader)

    client.post(
        _try_url(model), {"texts": "  Refund please.\r\n\r\nWhere is my parcel?  \n"}, headers=HTMX
    )

    assert json.loads(api.calls[0].request.body) == {
        "model": model.name,
        "documents": [{"text": "Refund please."}, {"text": "Where is my parcel?"}],
    }


def test_more_than_twenty_lines_are_refused_before_asking_the_service(client, api, project, reader):
    model = _model(project)
    client.force_login(reader)

    response = client.post(
        _try_url(model), {"texts": "\n".join(f"text {n}" for n in range(21))}, headers=HTMX
    )

    assert "That is 21 lines; try at most 20 at once." in response.text
    assert len(api.calls) == 0


def test_an_empty_box_is_refused(client, api, project, reader):
    model = _model(project)
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": " \n "}, headers=HTMX)

    assert "This field is required." in response.text
    assert len(api.calls) == 0


# -- try it: the results -----------------------------------------------------------------


def test_htmx_gets_only_the_box_with_the_whole_texts_classes_on_a_line(
    client, api, project, reader
):
    model = _model(project)
    api.post(ANALYZE, json=_analysis(model, _classes("Refund please.", "billing", "urgent")))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Refund please."}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="try-it"')
    assert '<p class="try-result__text" dir="auto">Refund please.</p>' in response.text
    assert (
        '<span class="badge tag tag--class" dir="auto">billing</span>'
        '<span class="badge tag tag--class" dir="auto">urgent</span>'
    ) in response.text
    assert "Whole text:" in response.text


def test_without_javascript_the_whole_page_comes_back_with_the_results(
    client, api, project, reader
):
    model = _model(project)
    api.post(ANALYZE, json=_analysis(model, []))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello"})

    assert "<html" in response.text and "Metrics on the test set" in response.text
    assert "What the model found" in response.text
    assert "The model found nothing in this text." in response.text
    assert "Hello</textarea>" in response.text


def test_a_label_models_one_label_is_the_whole_texts_tag(client, api, project, reader):
    model = _model(project, type="LABEL")
    text = "Lovely staff."
    api.post(ANALYZE, json=_analysis(model, [(0, len(text), [{"label": "positive"}])]))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert '<p class="try-result__text" dir="auto">Lovely staff.</p>' in response.text
    assert '<span class="badge tag tag--positive" dir="auto">positive</span>' in response.text


def test_a_classlabel_models_classes_show_with_their_labels(client, api, project, reader):
    model = _model(project, type="CLASSLABEL")
    text = "Great room, rude staff."
    tags = [{"class": "Room", "label": "positive"}, {"class": "Staff", "label": "negative"}]
    api.post(ANALYZE, json=_analysis(model, [(0, len(text), tags)]))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert (
        f'<span class="badge tag tag--positive" dir="auto">{_pair("Room", "positive")}</span>'
        in response.text
    )
    assert (
        f'<span class="badge tag tag--negative" dir="auto">{_pair("Staff", "negative")}</span>'
        in response.text
    )


def test_absa_segments_are_marked_inline_with_their_tags_and_the_rest_on_the_line(
    client, api, project, reader
):
    model = _model(project, type="ABSA")
    text = "The battery was awful, the rest fine."
    api.post(
        ANALYZE,
        json=_analysis(
            model,
            [
                (4, 11, [{"class": "Battery", "label": "negative"}]),
                (0, len(text), [{"class": "General", "label": "positive"}]),
            ],
        ),
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert (
        '<p class="try-result__text" dir="auto">The <mark class="mark mark--negative">battery'
        f'{OPEN}<bdi class="mark__label">{_pair("Battery", "negative")}</bdi>{CLOSE}</mark>'
        " was awful, the rest fine.</p>"
    ) in response.text
    assert (
        f'<span class="badge tag tag--positive" dir="auto">{_pair("General", "positive")}</span>'
        in (response.text)
    )


def test_a_segment_with_tags_of_two_sentiments_shows_both_without_one_colour(
    client, api, project, reader
):
    model = _model(project, type="ABSA")
    tags = [{"class": "Food", "label": "positive"}, {"class": "Price", "label": "negative"}]
    api.post(ANALYZE, json=_analysis(model, [(0, 5, tags)]))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Pizza, yes."}, headers=HTMX)

    assert (
        f'<mark class="mark mark--mixed">Pizza{OPEN}'
        f'<bdi class="mark__label">{_pair("Food", "positive")}</bdi>'
        '<span class="visually-hidden">; </span>'
        f'<bdi class="mark__label">{_pair("Price", "negative")}</bdi>{CLOSE}</mark>'
    ) in response.text


def test_the_texts_around_and_inside_marks_are_escaped(client, api, project, reader):
    model = _model(project, type="ABSA")
    text = "<b>Sam</b> & <script>alert(1)</script>"
    api.post(ANALYZE, json=_analysis(model, [(3, 6, [{"class": "<i>NAME</i>"}])]))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert "<script>alert(1)</script>" not in response.text
    assert "<b>" not in response.text and "<i>" not in response.text
    assert (
        f'&lt;b&gt;<mark class="mark mark--class">Sam{OPEN}'
        f'<bdi class="mark__label">&lt;i&gt;NAME&lt;/i&gt;</bdi>{CLOSE}</mark>&lt;/b&gt; &amp; '
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    ) in response.text


def test_segments_outside_the_text_or_overlapping_are_left_out(client, api, project, reader):
    model = _model(project, type="ABSA")
    api.post(
        ANALYZE,
        json=_analysis(
            model,
            [
                (0, 5, [{"class": "A", "label": "neutral"}]),
                (3, 8, [{"class": "OVERLAP", "label": "neutral"}]),
                (9, 99, [{"class": "OUTSIDE", "label": "neutral"}]),
            ],
        ),
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello there"}, headers=HTMX)

    assert response.text.count("<mark") == 1
    assert (
        f'<bdi class="mark__label">{_pair("A", "neutral")}</bdi>{CLOSE}</mark> there</p>'
        in response.text
    )


def test_arabic_segments_are_marked_in_a_right_to_left_paragraph(client, api, project, reader):
    model = _model(project, type="ABSA", language="ar")
    text = "الموظفين ممتازين والغرفة صغيرة"
    api.post(
        ANALYZE,
        json=_analysis(
            model,
            [
                (0, 8, [{"class": "طاقم", "label": "positive"}]),
                (17, 24, [{"class": "غرفة", "label": "negative"}]),
            ],
        ),
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert (
        '<p class="try-result__text" dir="auto"><mark class="mark mark--positive">الموظفين'
        f'{OPEN}<bdi class="mark__label">{_pair("طاقم", "positive")}</bdi>{CLOSE}</mark>'
    ) in response.text
    assert '<mark class="mark mark--negative">والغرفة' in response.text


def test_the_services_409_is_shown_with_its_reason(client, api, project, reader):
    model = _model(project)
    api.post(
        ANALYZE,
        status=409,
        json={"detail": "Only a READY, ACTIVE or PUBLISHED model can predict; this one is FAILED."},
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello"}, headers=HTMX)

    assert '<div class="alert alert--error" role="alert">' in response.text
    assert "this one is FAILED." in response.text
    assert "What the model found" not in response.text


def test_the_services_400_is_shown_next_to_the_texts(client, api, project, reader):
    model = _model(project)
    api.post(
        ANALYZE,
        status=400,
        json={"detail": "Invalid.", "errors": {"documents": ["Must be a list of strings."]}},
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello"}, headers=HTMX)

    assert "Must be a list of strings." in response.text
    assert 'aria-invalid="true"' in response.text


def test_an_unreachable_service_is_shown_as_a_clear_message(client, api, project, reader):
    model = _model(project)
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello"}, headers=HTMX)

    assert "The training service cannot be reached" in response.text
