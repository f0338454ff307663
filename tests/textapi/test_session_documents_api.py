"""GET /projects/{id}/annotations/{id}/documents: a session's documents a page at a
time, in the vendor's shape (segments with their tags)."""

import pytest

from trainer.textapi.models import Role, Segment

from .helpers import assert_error, url

DOCUMENTS = [
    {"text": f"Storm number {n} over the coast", "classes": ["weather"], "spans": []}
    for n in range(1, 8)
]


def _get(client, project, session, **query):
    path = url(f"projects/{project.pk}/annotations/{session.pk}/documents")
    return client.get(path, query)


def _without_ids(segments: list[dict]) -> list[dict]:
    """The segments as the vendor writes them, without the ids and statuses (checked apart)."""
    return [
        {
            "text": s["text"],
            "span": s["span"],
            "tags": [{k: v for k, v in t.items() if k not in ("id", "status")} for t in s["tags"]],
        }
        for s in segments
    ]


def test_the_documents_come_a_page_at_a_time_with_their_total(reader, project, session_factory):
    session = session_factory(documents=DOCUMENTS)

    first = _get(reader, project, session, limit=3).json()
    last = _get(reader, project, session, offset=6, limit=3).json()

    assert first["id"] == session.pk
    assert [d["text"] for d in first["documents"]] == [d["text"] for d in DOCUMENTS[:3]]
    assert (first["document_total"], first["offset"], first["limit"]) == (7, 0, 3)
    assert [d["text"] for d in last["documents"]] == [DOCUMENTS[6]["text"]]


def test_search_finds_documents_by_their_text(reader, project, session_factory):
    session = session_factory(documents=DOCUMENTS)

    found = _get(reader, project, session, search="NUMBER 4").json()

    assert [d["text"] for d in found["documents"]] == ["Storm number 4 over the coast"]
    assert found["document_total"] == 1


def test_classes_tag_one_segment_over_the_whole_text(reader, project, session_factory):
    session = session_factory(documents=DOCUMENTS[:1])

    [document] = _get(reader, project, session).json()["documents"]

    text = DOCUMENTS[0]["text"]
    assert _without_ids(document["segments"]) == [
        {"text": text, "span": [0, len(text)], "tags": [{"class": "weather"}]}
    ]
    [segment] = Segment.objects.filter(document__session=session)
    assert (document["status"], document["segments"][0]["id"]) == ("ANNOTATED", segment.pk)
    assert document["segments"][0]["status"] == "ANNOTATED"
    assert document["segments"][0]["tags"][0]["id"] == segment.tags.get().pk


def test_an_absa_span_is_a_segment_with_its_aspect_and_polarity(reader, project, session_factory):
    text = "The soup was cold but the staff were kind."
    spans = [
        {"start": 4, "end": 8, "label": "food", "polarity": "negative"},
        {"start": 26, "end": 31, "label": "service", "polarity": "positive"},
    ]
    session = session_factory(type="ABSA", documents=[{"text": text, "spans": spans}])

    [document] = _get(reader, project, session).json()["documents"]

    assert _without_ids(document["segments"]) == [
        {"text": "soup", "span": [4, 8], "tags": [{"class": "food", "label": "negative"}]},
        {"text": "staff", "span": [26, 31], "tags": [{"class": "service", "label": "positive"}]},
    ]


def test_a_labelled_span_of_old_is_a_segment_with_its_label(reader, project, session_factory):
    text = "Ada Lovelace met Babbage."
    spans = [{"start": 0, "end": 12, "label": "PER"}]
    session = session_factory(type="LABEL", documents=[{"text": text, "spans": spans}])

    [document] = _get(reader, project, session).json()["documents"]

    assert _without_ids(document["segments"]) == [
        {"text": "Ada Lovelace", "span": [0, 12], "tags": [{"label": "PER"}]}
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"page": "2"}, "page"),
        # No database compares a NUL (PostgreSQL refuses one outright).
        ({"search": "ab\x00c"}, "search"),
    ],
)
def test_a_bad_query_is_refused_naming_the_field(reader, project, session, query, field):
    assert_error(_get(reader, project, session, **query), 400, field=field)


def test_a_non_member_gets_404(client_for, project, session):
    assert_error(_get(client_for(None), project, session), 404)


def test_any_member_reads_the_documents(client_for, project, session):
    assert _get(client_for(Role.READ_ONLY), project, session).status_code == 200
