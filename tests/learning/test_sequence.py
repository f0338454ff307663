import pytest

from tests.learning.synthetic import as_documents, entity_documents
from trainer.learning.common import no_progress
from trainer.learning.corpora import Span
from trainer.learning.sequence import bio_spans, bio_tags, fit_tagger
from trainer.learning.text import tokens_with_offsets

TEXT = "Maria flew to New York on Tuesday."


@pytest.fixture(scope="module")
def tagger():
    return fit_tagger(
        as_documents(entity_documents(count=80, seed=1)), language="en", progress=no_progress
    )


def test_spans_become_bio_tags_on_their_tokens():
    tokens = tokens_with_offsets(TEXT, language="en")

    tags = bio_tags(tokens, [Span(0, 5, "PER"), Span(14, 22, "LOC")])

    assert tags == ["B-PER", "O", "O", "B-LOC", "I-LOC", "O", "O", "O"]


def test_bio_tags_decode_to_the_same_spans():
    tokens = tokens_with_offsets(TEXT, language="en")
    spans = [Span(0, 5, "PER"), Span(14, 22, "LOC"), Span(26, 33, "DATE")]

    assert bio_spans(tokens, bio_tags(tokens, spans)) == spans


def test_an_inside_tag_after_outside_starts_a_span():
    tokens = tokens_with_offsets("in New York", language="en")

    assert bio_spans(tokens, ["O", "I-LOC", "I-LOC"]) == [Span(3, 11, "LOC")]


def test_overlapping_gold_spans_keep_the_first_and_longest():
    tokens = tokens_with_offsets(TEXT, language="en")

    tags = bio_tags(tokens, [Span(14, 22, "LOC"), Span(18, 22, "CITY")])

    assert tags[3:5] == ["B-LOC", "I-LOC"]


def test_tagger_finds_the_spans_it_was_taught(tagger):
    text = "I was charged twice for my parcel in March."

    (spans,) = tagger.spans([text])

    assert ("parcel", "PRODUCT") in {(text[s.start : s.end], s.label) for s in spans}


def test_tagger_reports_each_crf_epoch():
    seen = []

    fit_tagger(
        as_documents(entity_documents(count=20)),
        language="en",
        progress=lambda percent, step: seen.append((percent, step)),
    )

    epochs = [step for _percent, step in seen if step.startswith("CRF epoch")]
    assert seen[0][1] == "feature extraction"
    assert len(epochs) >= 5
    assert [p for p, _s in seen] == sorted(p for p, _s in seen)


def test_an_exception_in_progress_stops_the_tagger_after_the_crf():
    def stop(percent, step):
        if step == "CRF epoch 3":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fit_tagger(as_documents(entity_documents(count=20)), language="en", progress=stop)
