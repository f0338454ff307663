"""The model page: its metrics for every model type and its "try it" box."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.dashboard.conftest import API

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}

PER_ITEM = {
    "billing": {"precision": 1.0, "recall": 0.875, "f1": 0.933333, "support": 8},
    "delivery": {"precision": 0.8, "recall": 1, "f1": 0.888889, "support": 4},
}
METRICS = {
    "CLASS": {
        "score": 1.0,
        "test_documents": 12,
        "accuracy": 1,
        "macro_f1": 1.0,
        "per_class": PER_ITEM,
        "confusion": {"billing": {"billing": 7, "delivery": 1}, "delivery": {"delivery": 4}},
    },
    "LABEL": {"score": 0.75, "test_documents": 12, "span_f1": 0.75, "per_label": PER_ITEM},
    "ABSA": {
        "score": 0.6,
        "test_documents": 12,
        "aspect_extraction_f1": 0.8,
        "polarity_accuracy": 0.7,
        "pair_f1": 0.6,
        "per_polarity": {
            "positive": {"precision": 0.9, "recall": 0.8, "f1": 0.847059, "support": 10},
            "negative": {"precision": 0.5, "recall": 0.6, "f1": 0.545455, "support": 5},
        },
    },
}
METRICS["CLASSLABEL"] = {**METRICS["CLASS"], **METRICS["LABEL"], "score": 0.875}


def _model(project, *, type="CLASS", status="READY", **extra):
    return factories.make_model(
        project=project, remote_id=31, type=type, status=status, metrics=METRICS[type], **extra
    )


def _page(client, model):
    return client.get(reverse("dashboard:model", args=[model.project_id, model.pk])).text


def _try_url(model):
    return reverse("dashboard:model-try", args=[model.project_id, model.pk])


ANALYZE = f"{API}analyze"


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


def test_ratios_show_three_decimals_and_counts_show_as_whole_numbers(client, project, reader):
    model = _model(project, type="CLASS")
    client.force_login(reader)

    page = _page(client, model)

    assert '<th scope="row">Accuracy</th><td class="num">1.000</td>' in page
    assert '<th scope="row">Test documents</th><td class="num">12</td>' in page
    # billing: precision, recall, F1, support
    assert '<td class="num">1.000</td><td class="num">0.875</td><td class="num">0.933</td>' in page
    assert '<td class="num">0.933</td><td class="num">8</td>' in page


def test_a_class_model_shows_its_per_class_table_and_shaded_confusion_counts(
    client, project, reader
):
    model = _model(project, type="CLASS")
    client.force_login(reader)

    page = _page(client, model)

    assert "<caption>Per class</caption>" in page
    assert "<caption>Confusion (rows: gold, columns: predicted)</caption>" in page
    # billing: 7 of 8 right (shade 4 of 4, rounded), 1 of 8 wrong (the lightest).
    assert '<td class="num confusion-hit-4">7</td><td class="num confusion-miss-1">1</td>' in page


def test_a_label_model_shows_its_span_f1_and_per_label_table(client, project, reader):
    model = _model(project, type="LABEL")
    client.force_login(reader)

    page = _page(client, model)

    assert "Span F1 (exact match)" in page
    assert "<caption>Per label</caption>" in page
    assert "Per class" not in page


def test_an_absa_model_shows_extraction_polarity_and_pair_scores_per_polarity(
    client, project, reader
):
    model = _model(project, type="ABSA")
    client.force_login(reader)

    page = _page(client, model)

    for label, value in [
        ("Aspect extraction F1", "0.800"),
        ("Polarity accuracy", "0.700"),
        ("Aspect and polarity F1", "0.600"),
    ]:
        assert f'<th scope="row">{label}</th><td class="num">{value}</td>' in page
    assert "<caption>Per polarity</caption>" in page
    assert '<th scope="row" dir="auto">negative</th>' in page


def test_a_classlabel_model_shows_both_class_and_label_tables(client, project, reader):
    model = _model(project, type="CLASSLABEL")
    client.force_login(reader)

    page = _page(client, model)

    assert "<caption>Per class</caption>" in page
    assert "<caption>Per label</caption>" in page
    assert "Macro F1" in page and "Span F1 (exact match)" in page


# -- try it: who and when ----------------------------------------------------------------


@pytest.mark.parametrize("status", ["READY", "ACTIVE", "PUBLISHED"])
def test_every_member_sees_the_try_it_box_of_a_usable_model(client, project, reader, status):
    model = _model(project, status=status)
    client.force_login(reader)

    page = _page(client, model)

    assert f'action="{_try_url(model)}"' in page
    assert 'name="texts"' in page and 'dir="auto"' in page


@pytest.mark.parametrize("status", ["QUEUED", "TRAINING", "FAILED"])
def test_a_model_that_cannot_predict_has_no_try_it_box(client, project, reader, status):
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


def test_htmx_gets_only_the_box_with_the_classes_as_badges(client, api, project, reader):
    model = _model(project)
    api.post(ANALYZE, json=_analysis(model, _classes("Refund please.", "billing")))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Refund please."}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="try-it"')
    assert '<span class="badge" dir="auto">billing</span>' in response.text
    assert '<p class="try-result__text" dir="auto">Refund please.</p>' in response.text


def test_without_javascript_the_whole_page_comes_back_with_the_results(
    client, api, project, reader
):
    model = _model(project)
    api.post(ANALYZE, json=_analysis(model, _classes("Hello")))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello"})

    assert "<html" in response.text and "Metrics on the test set" in response.text
    assert "What the model found" in response.text
    assert "Refund" not in response.text
    assert '<span class="muted small">none</span>' in response.text
    assert "Hello</textarea>" in response.text


def test_spans_are_marked_inline_with_their_label(client, api, project, reader):
    model = _model(project, type="LABEL")
    text = "The app crashes on my iPhone since May."
    api.post(
        ANALYZE,
        json=_analysis(model, [(35, 38, [{"label": "DATE"}]), (22, 28, [{"label": "DEVICE"}])]),
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert (
        '<p class="try-result__text" dir="auto">The app crashes on my '
        '<mark class="mark mark--span">iPhone<bdi class="mark__label">DEVICE</bdi></mark>'
        ' since <mark class="mark mark--span">May<bdi class="mark__label">DATE</bdi></mark>.</p>'
    ) in response.text
    assert "Classes:" not in response.text


def test_the_texts_around_and_inside_marks_are_escaped(client, api, project, reader):
    model = _model(project, type="LABEL")
    text = "<b>Sam</b> & <script>alert(1)</script>"
    api.post(ANALYZE, json=_analysis(model, [(3, 6, [{"label": "<i>NAME</i>"}])]))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert "<script>alert(1)</script>" not in response.text
    assert "<b>" not in response.text and "<i>" not in response.text
    assert (
        '&lt;b&gt;<mark class="mark mark--span">Sam'
        '<bdi class="mark__label">&lt;i&gt;NAME&lt;/i&gt;</bdi></mark>&lt;/b&gt; &amp; '
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    ) in response.text


def test_spans_outside_the_text_or_overlapping_are_left_out(client, api, project, reader):
    model = _model(project, type="LABEL")
    api.post(
        ANALYZE,
        json=_analysis(
            model,
            [
                (0, 5, [{"label": "A"}]),
                (3, 8, [{"label": "OVERLAP"}]),
                (9, 99, [{"label": "OUTSIDE"}]),
            ],
        ),
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Hello there"}, headers=HTMX)

    assert response.text.count("<mark") == 1
    assert '<bdi class="mark__label">A</bdi></mark> there</p>' in response.text


def test_aspects_are_marked_with_their_polarity(client, api, project, reader):
    model = _model(project, type="ABSA", language="ar")
    text = "الموظفين ممتازين والغرفة صغيرة"
    api.post(
        ANALYZE,
        json=_analysis(model, [(0, 8, [{"label": "positive"}]), (17, 24, [{"label": "negative"}])]),
    )
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": text}, headers=HTMX)

    assert (
        '<mark class="mark mark--positive">الموظفين<bdi class="mark__label">positive</bdi></mark>'
    ) in response.text
    assert '<mark class="mark mark--negative">والغرفة' in response.text
    assert '<p class="try-result__text" dir="auto">' in response.text


def test_a_classlabel_model_shows_classes_and_spans_and_says_when_it_found_no_span(
    client, api, project, reader
):
    model = _model(project, type="CLASSLABEL")
    api.post(ANALYZE, json=_analysis(model, _classes("Nothing loads.", "technical")))
    client.force_login(reader)

    response = client.post(_try_url(model), {"texts": "Nothing loads."}, headers=HTMX)

    assert '<span class="badge" dir="auto">technical</span>' in response.text
    assert "No spans found." in response.text


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
