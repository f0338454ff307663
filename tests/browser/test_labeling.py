"""A manager labels two documents of the demo's CLASS session with the keyboard alone:
a number key gives a class, Enter marks the document done and opens the next, the
left arrow goes back; the service stores the tags and the statuses. In an ABSA
session, a tag is a class with its label: a number key picks the class, another its
label (Escape goes back to the classes), and a word selected before the two keys
becomes a segment with that tag."""

import re

import pytest
from playwright.sync_api import expect

from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.dashboard.models import LabelingSession as SessionMirror
from trainer.dashboard.models import Project
from trainer.dashboard.text import sync as dashboard_sync
from trainer.textapi.models import AnnotationStatus, Document
from trainer.textapi.models import LabelingSession as StoredSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION = "Support inbox — week 3"


def _classes(document_id: int) -> set[str]:
    document = Document.objects.get(pk=document_id)
    return {tag.class_name for segment in document.segments.all() for tag in segment.tags.all()}


def _key_of_a_new_class(page, document_id: int) -> tuple[str, str]:
    """The number key of a class the document does not have yet, and the class."""
    for button in page.locator("[data-key]").all():
        name = button.locator("span").inner_text()
        if name not in _classes(document_id):
            return button.get_attribute("data-key"), name
    raise AssertionError("the document has every class")


def test_manager_labels_two_documents_with_the_keyboard(demo, page_as):
    stored = StoredSession.objects.get(project__name=demo.name, name=SESSION)
    documents = list(stored.documents.order_by("id")[:2])
    page = page_as("demo-manager")
    page.goto(f"/projects/{demo.pk}/")
    page.locator(f"tr:has-text('{SESSION}')").get_by_role("link", name="Label").click()
    expect(page.get_by_text(f"Document 1 of {stored.document_count}")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    given = []
    for position, document in enumerate(documents, start=1):
        key, name = _key_of_a_new_class(page, document.pk)
        page.keyboard.press(key)
        labeling = page.locator("#labeling")
        tags = labeling.get_by_role("list", name="Tags")
        expect(tags.get_by_text(name, exact=True)).to_be_visible()
        expect(labeling.locator(f"[data-key='{key}']")).to_have_attribute("aria-pressed", "true")
        page.keyboard.press("Enter")
        expect(
            page.get_by_text(f"Document {position + 1} of {stored.document_count}")
        ).to_be_visible()
        given.append(name)

    for document, name in zip(documents, given, strict=True):
        document.refresh_from_db()
        assert name in _classes(document.pk)
        assert document.status == AnnotationStatus.ANNOTATED
    annotated = stored.documents.filter(status=AnnotationStatus.ANNOTATED).count()
    expect(page.locator("[data-progress]")).to_contain_text(
        f"{annotated} of {stored.document_count} documents done"
    )
    expect(page).to_have_url(re.compile(r"\?n=3$"))

    page.keyboard.press("ArrowLeft")
    expect(page.get_by_text(f"Document 2 of {stored.document_count}")).to_be_visible()
    tags = page.locator("#labeling").get_by_role("list", name="Tags")
    expect(tags.get_by_text(given[1], exact=True)).to_be_visible()
    assert page.evaluate("window.notReloaded")


def _absa_session(name: str) -> tuple[str, StoredSession]:
    """The labeling page of the demo's ABSA session ``name`` (its project synced), and
    the session as the service stores it."""
    project = Project.objects.get(name="Review opinions")
    dashboard_sync.project_sync(project=project, client=DeepOpinionClient.from_settings())
    session = SessionMirror.objects.get(project=project, name=name)
    label = f"/projects/{project.pk}/sessions/{session.pk}/label"
    return label, StoredSession.objects.get(pk=session.remote_id)


def _tags(segment) -> list[str]:
    return [str(tag) for tag in segment.tags.order_by("id")]


def test_the_arrow_keys_choose_the_segment_the_number_keys_tag(demo, page_as):
    label, stored = _absa_session("Reviews — March")
    documents = list(stored.documents.order_by("id"))
    position, document = next(
        (n, d) for n, d in enumerate(documents, start=1) if d.segments.count() >= 2
    )
    first, second = document.segments.order_by("start", "end", "id")[:2]
    before = _tags(first), _tags(second)
    page = page_as("demo-manager")
    page.goto(f"{label}?n={position}")
    rows = page.locator(".labeling-segment")
    expect(rows.nth(0)).to_have_attribute("aria-current", "true")

    page.keyboard.press("ArrowDown")

    expect(rows.nth(1)).to_have_attribute("aria-current", "true")
    expect(rows.nth(0).locator("[data-key]")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"s={second.pk}$"))
    shown = rows.nth(1).get_by_role("list", name="Tags")
    shown_before = shown.inner_text()
    back = page.locator("[data-nav='classes']")
    page.keyboard.press("1")  # a class: its labels are offered
    expect(back).to_be_visible()
    expect(page).to_have_url(re.compile(rf"\?c=[^&]+&n={position}&s={second.pk}$"))
    page.keyboard.press("Escape")  # back at the classes
    expect(back).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"s={second.pk}$"))
    page.keyboard.press("1")
    expect(back).to_be_visible()
    page.keyboard.press("1")  # a label of that class: the tag, and the classes again

    expect(shown).not_to_have_text(shown_before)
    expect(back).to_have_count(0)
    expect(rows.nth(1)).to_have_attribute("aria-current", "true")
    assert _tags(first) == before[0]
    assert _tags(second) != before[1]


def test_annotator_tags_a_selected_word_as_a_new_segment_of_an_absa_text(demo, page_as):
    label, stored = _absa_session("Reviews — unlabeled")
    document = stored.documents.order_by("id").first()
    word = next(w for w in re.findall(r"\w{4,}", document.text))
    start = document.text.index(word)
    page = page_as("demo-manager")
    page.goto(f"{label}?n=1")
    expect(page.locator("[data-selectable]")).to_have_text(document.text)
    cls = page.locator("[data-key='1'] span").inner_text()

    assert page.evaluate(SELECT_WORD, word)
    page.keyboard.press("1")  # the class; the selection goes with it to its labels
    expect(page.locator("[data-selection]")).to_contain_text(word)
    label = page.locator("[data-key='1'] span").inner_text()
    page.keyboard.press("1")

    # The document's one untagged whole-text segment gives way to the word's.
    expect(page.locator(".labeling-text mark.segment")).to_have_text(word)
    tags = page.locator("#labeling").get_by_role("list", name="Tags")
    expect(tags).to_contain_text(f"{cls} · {label}")
    [segment] = Document.objects.get(pk=document.pk).segments.all()
    assert (segment.start, segment.end) == (start, start + len(word))
    assert [str(tag) for tag in segment.tags.all()] == [f"{cls}/{label}"]


# Select the first occurrence of a word in the document's text, as a person would.
SELECT_WORD = """(word) => {
  const container = document.querySelector("[data-selectable]");
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(word);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      return true;
    }
  }
  return false;
}"""
