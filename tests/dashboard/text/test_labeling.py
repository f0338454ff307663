"""Labeling a session on the dashboard: the page of one document and what picking a
tag does by the project's type, against the embedded text service in-process."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.security import inprocess
from trainer.apiclient.deepopinion import LabeledDocument, SegmentTag
from trainer.apiclient.deepopinion import Segment as ApiSegment
from trainer.dashboard.models import LabelingSession as SessionMirror
from trainer.dashboard.models import Role
from trainer.dashboard.text import labeling as dashboard_labeling
from trainer.dashboard.text import services as dashboard_services
from trainer.dashboard.text import sync as dashboard_sync
from trainer.learning.documents import Document, Segment, Tag
from trainer.textapi import labeling
from trainer.textapi import services as text_services
from trainer.textapi.models import ProjectClass, ProjectLabel
from trainer.textapi.models import Role as ApiRole
from trainer.textapi.models import SegmentTag as StoredTag

pytestmark = pytest.mark.django_db

TEXTS = ("The room was clean.", "الموظفون كانوا لطفاء")


@pytest.fixture(autouse=True)
def services():
    with inprocess.services_in_process() as mock:
        yield mock


def _labeling(
    settings,
    *,
    type,  # noqa: A002
    classes=(),
    labels=(),
    role=Role.ANNOTATOR,
    tags=((), ()),
    documents=None,
):
    """A session of two documents with ``tags`` (each document's; or the ``documents``
    given) in a project of ``type``, and a browser of a member with ``role``."""
    account = get_user_model().objects.create_user("dashboard-account")
    text_services.token_create(user=account, name="dashboard", raw=settings.TRAINER_API_TOKEN)
    remote = text_services.project_create(name="Hotel", type=type)
    text_services.member_set(project=remote, user=account, role=ApiRole.MANAGER)
    for name in classes:
        ProjectClass.objects.create(project=remote, name=name)
    for name in labels:
        ProjectLabel.objects.get_or_create(project=remote, name=name)
    documents = documents or [
        Document(text, (Segment(0, len(text), tuple(given)),) if given else ())
        for text, given in zip(TEXTS, tags, strict=True)
    ]
    session = labeling.labeling_session_create(
        project=remote, name="Batch", owner=account, documents=documents
    )
    project = dashboard_sync.project_register(remote_id=remote.pk, name="Hotel")
    mirror = SessionMirror.objects.create(
        project=project, remote_id=session.pk, name="Batch", type=type, documents=2
    )
    user = get_user_model().objects.create_user("person")
    dashboard_services.membership_set(project=project, user=user, role=role)
    browser = Client()
    browser.force_login(user)
    browser.ids = [project.pk, mirror.pk]
    browser.page = reverse("dashboard:session-label", args=browser.ids)
    browser.session_id = session.pk
    return browser


def _stored(session_id: int) -> list[list[tuple[str, str]]]:
    """Each document's tags as the service stores them, (class, label)."""
    return [
        [
            (tag.class_name, tag.label_name)
            for tag in StoredTag.objects.filter(segment__document=document).order_by("id")
        ]
        for document in labeling.LabelingSession.objects.get(pk=session_id)
        .documents.order_by("id")
        .all()
    ]


def _pick(browser, page, **option):
    """Press the option (``cls``, ``label``) for the document's first segment."""
    url = reverse("dashboard:session-label-tag", args=[*browser.ids, page.document.id])
    segment = page.document.segments[0]
    return browser.post(url, {"segment": segment.id, "n": page.position, **option})


def _page(browser, n=1):
    response = browser.get(browser.page, {"n": n})
    assert response.status_code == 200
    return response


LABELED = ([Tag(label="positive")], [Tag(label="negative")])


def test_the_page_shows_the_document_its_options_by_number_and_the_progress(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room", "Staff"))

    response = _page(browser)

    page = response.context["page"]
    assert (page.position, page.total, page.annotated) == (1, 2, 0)
    html = response.content.decode()
    assert TEXTS[0] in html
    assert 'data-key="1"' in html and "Room" in html
    assert 'data-key="2"' in html and "Staff" in html
    assert "0 of 2 documents done" in html


def test_opening_a_session_resumes_at_its_first_document_not_done(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",), tags=([Tag("Room")], ()))

    assert browser.get(browser.page).context["page"].position == 2
    assert _page(browser, n=1).context["page"].position == 1


def test_a_session_all_done_opens_at_its_first_document_read_once(settings, services):
    tags = ([Tag("Room")], [Tag("Room")])
    browser = _labeling(settings, type="CLASS", classes=("Room",), tags=tags)

    assert browser.get(browser.page).context["page"].position == 1
    reads = _status_reads(services)
    assert browser.get(browser.page).context["page"].position == 1
    assert _status_reads(services) == reads  # the count kept says every one is done


def _done_at(browser, n):
    """Mark the document at position ``n`` done; the position the page goes on to."""
    document = _page(browser, n=n).context["page"].document
    url = reverse("dashboard:session-label-done", args=[*browser.ids, document.id])
    response = browser.post(url, {"n": n})
    assert response.status_code == 302
    return int(response["Location"].rpartition("?n=")[2])


def _three(settings, *done):
    """A CLASS session of three texts, those at the positions ``done`` done already."""
    texts = ("First text.", "Second text.", "Third text.")
    documents = [
        Document(text, (Segment(0, len(text), (Tag("Room"),)),) if n in done else ())
        for n, text in enumerate(texts, start=1)
    ]
    return _labeling(settings, type="CLASS", classes=("Room",), documents=documents)


def test_marking_done_skips_the_documents_others_have_done_meanwhile(settings):
    assert _done_at(_three(settings, 2), 1) == 3


def test_marking_the_last_one_done_goes_back_to_the_first_one_left(settings):
    assert _done_at(_three(settings, 2), 3) == 1


def test_marking_the_only_one_left_done_goes_on_past_it(settings):
    assert _done_at(_three(settings, 1, 3), 2) == 3


def test_arabic_text_is_shown_in_its_own_direction(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",))

    html = _page(browser, n=2).content.decode()

    assert '<div class="labeling-text" dir="auto"><mark class="segment">' + TEXTS[1] in html


def test_a_label_replaces_the_documents_label_and_picking_it_again_takes_it_back(settings):
    browser = _labeling(
        settings, type="LABEL", labels=("positive", "negative", "neutral"), tags=LABELED
    )

    _pick(browser, _page(browser).context["page"], label="neutral")
    assert _stored(browser.session_id) == [[("", "neutral")], [("", "negative")]]

    _pick(browser, _page(browser).context["page"], label="neutral")
    assert _stored(browser.session_id) == [[], [("", "negative")]]


def test_classes_are_added_and_picking_one_again_removes_it(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room", "Staff"))

    _pick(browser, _page(browser).context["page"], cls="Room")
    _pick(browser, _page(browser).context["page"], cls="Staff")
    assert _stored(browser.session_id) == [[("Room", ""), ("Staff", "")], []]

    _pick(browser, _page(browser).context["page"], cls="Room")
    assert _stored(browser.session_id) == [[("Staff", "")], []]


def test_a_class_with_a_label_changes_the_label_of_that_class(settings):
    browser = _labeling(
        settings,
        type="CLASSLABEL",
        classes=("Room", "Staff"),
        labels=("positive", "negative"),
        tags=([Tag("Room", "positive")], ()),
    )

    _pick(browser, _page(browser).context["page"], cls="Room", label="negative")
    _pick(browser, _page(browser).context["page"], cls="Staff", label="positive")

    assert _stored(browser.session_id) == [[("Room", "negative"), ("Staff", "positive")], []]


def test_a_tag_the_project_does_not_offer_by_its_type_is_refused(settings):
    browser = _labeling(settings, type="CLASSLABEL", classes=("Room",), labels=("positive",))

    response = _pick(browser, _page(browser).context["page"], cls="Room")

    assert response.status_code == 400
    assert _stored(browser.session_id) == [[], []]


def test_removing_a_tag_and_marking_done_move_on_to_the_next_document(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",), tags=([Tag("Room")], ()))
    page = _page(browser).context["page"]
    segment = page.document.segments[0]

    removed = browser.post(
        reverse(
            "dashboard:session-label-untag",
            args=[*browser.ids, page.document.id, segment.id, segment.tags[0].id],
        ),
        {"n": 1},
    )
    done = browser.post(
        reverse("dashboard:session-label-done", args=[*browser.ids, page.document.id]),
        {"n": 1},
        headers={"HX-Request": "true", "HX-Target": "labeling"},
    )

    assert removed.status_code == 302 and removed["Location"].endswith("?n=1")
    assert _stored(browser.session_id) == [[], []]
    assert done.status_code == 200
    assert done["HX-Push-Url"].endswith("?n=2")
    html = done.content.decode()
    assert 'data-position="2"' in html and "1 of 2 documents done" in html
    assert "<html" not in html  # the document's part alone
    assert "person: 1 document" in html  # done here, per person


def test_a_reader_sees_the_document_without_anything_to_change(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",), role=Role.READ_ONLY)

    html = _page(browser).content.decode()

    assert TEXTS[0] in html
    assert "data-key" not in html and "data-done" not in html


@pytest.mark.parametrize(("role", "word"), [(Role.ANNOTATOR, "Label"), (Role.READ_ONLY, "Read")])
def test_the_session_row_links_to_its_labeling_page(settings, role, word):
    browser = _labeling(settings, type="CLASS", classes=("Room",), role=role)

    html = browser.get(reverse("dashboard:project", args=[browser.ids[0]])).content.decode()

    assert f'<a href="{browser.page}" hx-boost="false">{word}</a>' in html


def _status_reads(services) -> int:
    return sum("details=meta" in call.request.url for call in services.calls)


def test_the_count_of_documents_done_is_kept_and_grows_with_each_marked_here(settings, services):
    browser = _labeling(settings, type="CLASS", classes=("Room",))
    first = _page(browser).context["page"]
    assert (first.annotated, _status_reads(services)) == (0, 1)

    browser.post(
        reverse("dashboard:session-label-done", args=[*browser.ids, first.document.id]), {"n": 1}
    )
    reads = _status_reads(services)  # and where the next document not done is
    second = _page(browser, n=2).context["page"]

    assert (second.annotated, _status_reads(services)) == (1, reads)


# An ABSA session: the first document's two stretches tagged, the Arabic one whole.
REVIEW = "The room was clean but the staff were rude."
ROOM, STAFF, RUDE = (4, 8), (27, 32), (38, 42)
ABSA_DOCUMENTS = [
    Document(
        REVIEW,
        (
            Segment(*ROOM, (Tag("Room", "positive"),)),
            Segment(*STAFF, (Tag("Staff", "negative"),)),
        ),
    ),
    Document(TEXTS[1]),
]


def _absa(settings):
    return _labeling(
        settings,
        type="ABSA",
        classes=("Room", "Staff"),
        labels=("positive", "negative"),
        documents=ABSA_DOCUMENTS,
    )


def _segments(session_id: int, document: int = 0) -> dict[tuple[int, int], list[str]]:
    """A document's segments as the service stores them: span → tags (class/label)."""
    stored = labeling.LabelingSession.objects.get(pk=session_id).documents.order_by("id")[document]
    return {
        (segment.start, segment.end): [str(tag) for tag in segment.tags.order_by("id")]
        for segment in stored.segments.order_by("start", "end")
    }


def _keyed(row):
    return [option.name for key, option, _chosen in row.options if key]


def test_the_first_segment_is_active_and_only_its_options_have_number_keys(settings):
    browser = _absa(settings)

    response = _page(browser)

    first, second = response.context["page"].segments
    assert (first.active, second.active) == (True, False)
    # A tag is a class with its label: the classes come first.
    assert _keyed(first) == ["Room", "Staff"]
    assert _keyed(second) == []
    html = response.content.decode()
    assert html.count('aria-current="true"') == 1
    assert (
        'class="labeling-segment labeling-segment--active" aria-current="true" data-segment="1"'
        in html
    )
    assert 'data-nav="segment-next"' in html and 'data-nav="segment-previous"' not in html
    assert "data-selectable" in html and "Move to the selection" in html
    # Only the active segment offers the classes.
    assert html.count('aria-label="Pick a class"') == 1
    assert html.count("data-move") == 1


def test_another_segment_is_made_active_by_its_link_and_stays_so_after_a_pick(settings):
    browser = _absa(settings)
    second = _page(browser).context["page"].document.segments[1]

    response = browser.get(browser.page, {"n": 1, "s": second.id})
    rows = response.context["page"].segments
    picked = browser.post(
        reverse(
            "dashboard:session-label-tag",
            args=[*browser.ids, response.context["page"].document.id],
        ),
        {"segment": second.id, "n": 1, "s": second.id, "cls": "Staff", "label": "positive"},
    )

    assert [row.active for row in rows] == [False, True]
    assert _keyed(rows[1]) == ["Room", "Staff"]
    assert _keyed(rows[0]) == []
    html = response.content.decode()
    assert 'data-nav="segment-previous"' in html and 'data-nav="segment-next"' not in html
    assert picked.status_code == 302
    assert picked["Location"] == f"{browser.page}?n=1&s={second.id}"
    assert _segments(browser.session_id)[STAFF] == ["Staff/positive"]


def _select_and_pick(browser, span, *, n=1, **option):
    page = _page(browser, n).context["page"]
    url = reverse("dashboard:session-label-tag", args=[*browser.ids, page.document.id])
    segment = page.document.segments[0]
    start, end = span
    return browser.post(url, {"segment": segment.id, "n": n, "start": start, "end": end, **option})


def test_a_tag_picked_with_a_selection_tags_it_as_a_new_segment(settings):
    browser = _absa(settings)

    response = _select_and_pick(browser, RUDE, cls="Staff", label="negative")

    assert response.status_code == 302
    assert _segments(browser.session_id) == {
        ROOM: ["Room/positive"],
        STAFF: ["Staff/negative"],
        RUDE: ["Staff/negative"],
    }
    page = _page(browser).context["page"]
    assert [row.text for row in page.segments] == ["room", "staff", "rude"]


def test_a_selection_tagged_keeps_the_documents_untagged_segments(settings):
    documents = [
        Document(REVIEW, (Segment(*ROOM), Segment(*STAFF, (Tag("Staff", "negative"),)))),
        Document(TEXTS[1]),
    ]
    browser = _labeling(
        settings,
        type="ABSA",
        classes=("Room", "Staff"),
        labels=("positive", "negative"),
        documents=documents,
    )

    _select_and_pick(browser, RUDE, cls="Staff", label="negative")

    assert _segments(browser.session_id) == {
        ROOM: [],
        STAFF: ["Staff/negative"],
        RUDE: ["Staff/negative"],
    }


def test_a_selection_after_a_windows_line_break_tags_the_stored_text_there(settings):
    text = "The room was fine.\r\nThe staff was rude."
    browser = _labeling(
        settings,
        type="ABSA",
        classes=("Room", "Staff"),
        labels=("positive", "negative"),
        documents=[Document(text)],
    )
    # The page shows the line break as one character (HTML reads CR LF as LF).
    shown = text.replace("\r\n", "\n").index("rude")

    _select_and_pick(browser, (shown, shown + 4), cls="Staff", label="negative")

    stored = text.index("rude")
    assert _segments(browser.session_id) == {(stored, stored + 4): ["Staff/negative"]}


def test_an_arabic_selection_counts_characters_of_the_stored_text(settings):
    browser = _absa(settings)
    word = "كانوا"
    start = TEXTS[1].index(word)

    _select_and_pick(browser, (start, start + len(word)), n=2, cls="Staff", label="positive")

    segments = _segments(browser.session_id, document=1)
    assert segments[(start, start + len(word))] == ["Staff/positive"]
    rows = _page(browser, 2).context["page"].segments
    # The document's untagged whole-text segment is replaced by the word's.
    assert [row.text for row in rows] == [word]


def test_a_selection_the_service_refuses_leaves_nothing_and_says_why(settings):
    browser = _absa(settings)
    before = _segments(browser.session_id)

    response = _select_and_pick(browser, (30, len(REVIEW) + 5), cls="Room", label="negative")

    assert response.status_code == 302
    assert _segments(browser.session_id) == before
    shown = _page(browser).content.decode()
    assert f"within the document&#x27;s text ({len(REVIEW)} characters)" in shown


@pytest.mark.parametrize("span", [{"start": 5}, {"start": 8, "end": 4}, {"start": -1, "end": 3}])
def test_offsets_that_are_no_stretch_are_refused(settings, span):
    browser = _absa(settings)
    page = _page(browser).context["page"]
    url = reverse("dashboard:session-label-tag", args=[*browser.ids, page.document.id])

    response = browser.post(
        url,
        {
            "segment": page.document.segments[0].id,
            "n": 1,
            "cls": "Room",
            "label": "negative",
            **span,
        },
    )

    assert response.status_code == 400
    assert _segments(browser.session_id)[ROOM] == ["Room/positive"]


def _move(browser, row, data):
    page = _page(browser).context["page"]
    segment = page.document.segments[row]
    url = reverse("dashboard:session-label-move", args=[*browser.ids, page.document.id, segment.id])
    return browser.post(url, {"n": 1, "s": segment.id, **data})


def test_a_segment_moves_to_the_selection_with_its_tags(settings):
    browser = _absa(settings)

    response = _move(browser, 1, {"start": 23, "end": 32})

    assert response.status_code == 302
    assert _segments(browser.session_id) == {ROOM: ["Room/positive"], (23, 32): ["Staff/negative"]}


def test_moving_without_a_selection_says_so_and_changes_nothing(settings):
    browser = _absa(settings)
    before = _segments(browser.session_id)

    _move(browser, 0, {})

    assert _segments(browser.session_id) == before
    assert (
        "Select the stretch of the document&#x27;s text first." in _page(browser).content.decode()
    )


def test_a_document_level_session_offers_no_selection(settings):
    browser = _labeling(settings, type="CLASS", classes=("Room",))

    html = _page(browser).content.decode()

    assert "data-selectable" not in html and "data-span" not in html
    assert "Move to the selection" not in html


# A tag that is a class with its label is picked in two steps: the class, then its label.
def _pairs_page(*, cls=None, span=None, tags=(), classes=("Room", "Staff"), type="CLASSLABEL"):  # noqa: A002
    text = "The room was fine.\r\nThe staff was rude."
    document = LabeledDocument(1, text, (ApiSegment(0, len(text), tuple(tags), id=7),))
    options = dashboard_labeling.tag_options(
        type=type, classes=list(classes), labels=["positive", "negative"]
    )
    return dashboard_labeling.LabelingPage(
        position=1,
        total=1,
        annotated=0,
        document=document,
        options=options,
        cls=cls,
        selectable=type == "ABSA",
        span=span,
    )


def _choices(page):
    [row] = page.segments
    return [(key, option.name, chosen) for key, option, chosen in row.options]


def test_a_class_with_a_label_is_offered_as_its_class_first():
    page = _pairs_page(tags=[SegmentTag("Staff", "negative", id=3)])

    assert (page.paired, page.choosing_class, page.picked_class) == (True, True, None)
    assert _choices(page) == [(1, "Room", False), (2, "Staff", True)]


def test_the_class_picked_offers_its_labels_keyed_from_one():
    page = _pairs_page(cls="Staff", tags=[SegmentTag("Staff", "negative", id=3)])

    assert (page.choosing_class, page.picked_class) == (False, "Staff")
    assert _choices(page) == [(1, "Staff · positive", False), (2, "Staff · negative", True)]


def test_only_the_first_nine_classes_have_number_keys():
    classes = [f"Aspect {n}" for n in range(1, 35)]

    page = _pairs_page(classes=classes)

    keys = [key for key, _name, _chosen in _choices(page)]
    assert keys == [*range(1, 10), *[None] * 25]


@pytest.mark.parametrize("cls", ["Pool", "", "room"])
def test_a_class_the_project_does_not_have_shows_the_classes(cls):
    page = _pairs_page(cls=cls)

    assert page.picked_class is None
    assert [name for _key, name, _chosen in _choices(page)] == ["Room", "Staff"]


@pytest.mark.parametrize(
    ("type", "names"),
    [("LABEL", ["positive", "negative"]), ("CLASS", ["Room", "Staff"])],
)
def test_a_label_or_class_project_offers_its_options_in_one_step(type, names):  # noqa: A002
    page = _pairs_page(type=type, cls="Room")

    assert (page.paired, page.picked_class) == (False, None)
    assert [name for _key, name, _chosen in _choices(page)] == names


def test_the_selection_carried_to_the_labels_is_shown_as_the_stored_text():
    # The page counts the Windows line break as one character, the stored text two.
    shown = "The room was fine.\nThe staff was rude.".index("rude")
    span = (shown, shown + 4)

    assert _pairs_page(type="ABSA", cls="Staff", span=span).selection == "rude"
    assert _pairs_page(type="ABSA", span=span).selection == ""  # no class picked yet
    assert _pairs_page(cls="Staff", span=span).selection == ""  # no segments to make


def _form_html(html: str, key: int) -> str:
    """The form of the button with number key ``key``."""
    [form] = [f for f in re.findall(r"<form .*?</form>", html, re.S) if f'data-key="{key}"' in f]
    return form


def _form(html: str, key: int) -> tuple[str, str, dict[str, str]]:
    """The method, action and fields of the form of the button with number key ``key``,
    as a browser without JavaScript sends it."""
    form = _form_html(html, key)
    method, action = re.search(r'method="(\w+)" action="([^"]*)"', form).groups()
    fields = re.findall(r'name="(\w+)" value="([^"]*)"', form)
    return method, unescape(action), {name: unescape(value) for name, value in fields}


def _classlabel(settings, tags=((), ())):
    return _labeling(
        settings,
        type="CLASSLABEL",
        classes=("Room", "الموظفون"),
        labels=("positive", "negative"),
        tags=tags,
    )


def test_a_class_then_its_label_picked_through_the_forms_tag_the_segment(settings):
    browser = _classlabel(settings, tags=([Tag("الموظفون", "positive")], ()))
    classes = _page(browser).content.decode()

    method, action, fields = _form(classes, 2)
    labels = browser.get(action, fields)
    method_2, action_2, fields_2 = _form(labels.content.decode(), 1)
    picked = browser.post(action_2, fields_2)

    assert (method, action, fields["c"]) == ("get", browser.page, "الموظفون")
    assert (method_2, fields_2["cls"], fields_2["label"]) == ("post", "الموظفون", "negative")
    assert _stored(browser.session_id) == [[("الموظفون", "negative")], []]
    segment = labels.context["page"].document.segments[0]
    # Back at the classes, the segment still active.
    assert picked["Location"] == f"{browser.page}?n=1&s={segment.id}"


def test_the_labels_of_a_class_come_with_their_keys_and_the_way_back(settings):
    browser = _classlabel(settings)
    segment = _page(browser).context["page"].document.segments[0]

    response = browser.get(
        browser.page,
        {"n": 1, "s": segment.id, "c": "الموظفون"},
        headers={"HX-Request": "true", "HX-Target": "labeling"},
    )

    html = response.content.decode()
    assert "<html" not in html  # the document's part alone, as htmx swaps it
    assert 'Pick a label for <span dir="auto">الموظفون</span>:' in html
    assert html.count("data-key=") == 2
    # The label alone under its number key, the class said above.
    assert re.search(r'data-key="1".*?<kbd>1</kbd> <span dir="auto">negative</span>', html, re.S)
    back = f'href="?n=1&amp;s={segment.id}"'
    assert back in html and 'data-nav="classes" aria-keyshortcuts="Escape"' in html
    assert "Back to the classes" in html


def test_an_unknown_class_in_the_url_shows_the_classes(settings):
    browser = _classlabel(settings)

    response = browser.get(browser.page, {"n": 1, "c": "Pool"})

    assert response.status_code == 200
    assert _keyed(response.context["page"].segments[0]) == ["Room", "الموظفون"]
    assert 'data-nav="classes"' not in response.content.decode()


def test_a_selection_goes_with_the_class_to_its_label_and_becomes_a_segment(settings):
    browser = _absa(settings)
    start, end = RUDE

    response = browser.get(browser.page, {"n": 1, "c": "Staff", "start": start, "end": end})
    html = response.content.decode()
    _method, action, fields = _form(html, 2)
    browser.post(action, fields)

    assert 'The selection <q dir="auto">rude</q> becomes a segment of its own.' in html
    assert (fields["start"], fields["end"]) == (str(start), str(end))
    assert "data-span" not in _form_html(html, 2)
    assert _segments(browser.session_id)[RUDE] == ["Staff/negative"]


def test_a_class_picked_in_an_absa_text_takes_the_selection_along(settings):
    browser = _absa(settings)

    html = _page(browser).content.decode()

    method, _action, _fields = _form(html, 1)
    assert method == "get"
    assert 'name="start" data-span="start"' in _form_html(html, 1)


def test_a_selection_that_is_no_stretch_is_left_out_of_the_labels(settings):
    browser = _absa(settings)

    response = browser.get(browser.page, {"n": 1, "c": "Staff", "start": 8, "end": 4})

    assert response.status_code == 200
    assert response.context["page"].picked_class == "Staff"
    assert "data-selection" not in response.content.decode()
