"""ABSA, the vendor's meaning: segments of the text, each with classes and their labels.

What a document says is learnt at the document level: the CLASSLABEL model
(:mod:`trainer.learning.class_label`) is fitted on every ``(class, label)`` pair
of a document's segments and predicts the pairs of a text. Where they stand is
learnt from the segments that are a stretch of the text (not all of it, such as
SemEval-2016 targets): a CRF finds such stretches (the aspect extraction of
:mod:`trainer.learning.absa`, one label ``ASPECT``), and two linear SVMs over
the views of each stretch's context (:class:`trainer.learning.absa.ContextFeatures`)
give its class and its label. A predicted stretch whose class is among the
text's predicted pairs becomes a segment of that class with the stretch's own
label (two stretches of one class may differ); the pairs no stretch took go on
one segment over the whole text. Without such stretches in the train set, every
prediction is one whole-text segment.

Metrics: ``score`` (= ``pair_f1``), ``test_documents``, ``pair_f1``: the
category-and-polarity F1 (micro over the distinct ``(class, label)`` pairs of the
segments of each document, wherever they stand, as SemEval-2016 scores its slots
1 and 3), ``label_accuracy`` (the document-level label predicted for each gold
class), ``class_f1``,
``segment_f1`` (span, class and label all right) and ``per_class`` /
``per_label`` as for CLASSLABEL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.svm import LinearSVC

from .absa import ASPECT, C, ContextFeatures, all_views
from .class_label import ClassLabel, class_label_metrics, fit_class_label
from .common import Progress, TrainingDataError, scaled
from .corpora import Document as SpanDocument
from .corpora import Span
from .documents import Document, Segment, Tag, check, unique
from .features import fit_quietly, linear, micro
from .sequence import SpanTagger, fit_tagger

# Where a pair stands counts less than the pair (the score): half the CRF iterations
# of span labelling keep the training under a minute on the data of docs/text-types.md.
CRF_ITERATIONS = 50


@dataclass
class Stretches:
    """Where the classes stand: the CRF that finds stretches, the SVMs of their class
    and of their label."""

    language: str
    tagger: SpanTagger
    features: ContextFeatures
    classes: LinearSVC
    labels: LinearSVC

    def find(self, texts: Sequence[str]) -> list[list[tuple[int, int, str, str]]]:
        """``(start, end, class, label)`` of the stretches of each text."""
        found = self.tagger.spans(texts)
        if not any(found):
            return [[] for _ in texts]
        matrix = self.features.transform(all_views(texts, found, self.language))
        tags = iter(zip(self.classes.predict(matrix), self.labels.predict(matrix), strict=True))
        return [[(s.start, s.end, *map(str, next(tags))) for s in spans] for spans in found]


@dataclass
class Segments:
    """A fitted ABSA model; :meth:`segments` gives its predictions."""

    pairs: ClassLabel
    stretches: Stretches | None

    def segments(
        self, texts: Sequence[str], pairs: Sequence[dict[str, str]] | None = None
    ) -> list[tuple[Segment, ...]]:
        """The segments of each text (``pairs``: its predicted pairs, when known)."""
        found = self.pairs.predict(texts) if pairs is None else pairs
        stretches = self.stretches.find(texts) if self.stretches else [[] for _ in texts]
        return [
            _placed(text, pairs, spans)
            for text, pairs, spans in zip(texts, found, stretches, strict=True)
        ]


def _placed(text: str, pairs: dict[str, str], stretches) -> tuple[Segment, ...]:
    """The segments of a text: each stretch whose class has a pair, then the pairs left."""
    segments, placed = [], set()
    for start, end, name, label in stretches:
        if name in pairs:
            segments.append(Segment(start, end, (Tag(name, label),)))
            placed.add(name)
    rest = tuple(Tag(name, label) for name, label in pairs.items() if name not in placed)
    if rest:
        segments.append(Segment(0, len(text), rest))
    return tuple(sorted(segments, key=lambda s: (s.start, s.end)))


def _is_stretch(document: Document, segment: Segment) -> bool:
    return (segment.start, segment.end) != (0, len(document.text))


def _pairs(document: Document) -> list[tuple[str, str]]:
    return list(unique((tag.cls, tag.label) for tag in document.tags))


def _fit_stretches(documents: Sequence[Document], *, language: str, seed: int, progress):
    """The stretch finder, or None when no train document has a stretch."""
    spans = [[(s.start, s.end, t.cls, t.label) for s in d.segments if _is_stretch(d, s)
              for t in s.tags] for d in documents]  # fmt: skip
    if not any(spans):
        return None
    tagger = fit_tagger(
        [
            SpanDocument(d.text, (), tuple(Span(a, b, ASPECT) for a, b, _, _ in found))
            for d, found in zip(documents, spans, strict=True)
        ],
        language=language,
        progress=scaled(progress, 0, 80),
        max_iterations=CRF_ITERATIONS,
    )
    progress(80.0, "the class of each stretch")
    texts = [d.text for d in documents]
    located = [[Span(a, b, ASPECT) for a, b, _, _ in found] for found in spans]
    views = all_views(texts, located, language)
    features = ContextFeatures.fit(views)
    matrix = features.transform(views)
    fitted = []
    for what, targets in (
        ("class", [name for found in spans for _, _, name, _ in found]),
        ("label", [label for found in spans for *_, label in found]),
    ):
        if len(set(targets)) < 2:
            raise TrainingDataError(
                f"the stretches of the train set have one {what}; two are needed"
            )
        fitted.append(fit_quietly(linear(C, seed), matrix, targets))
    return Stretches(language, tagger, features, *fitted)


def segment_metrics(fitted: Segments, test_docs: Sequence[Document]) -> dict:
    texts = [d.text for d in test_docs]
    pairs = fitted.pairs.predict(texts)
    metrics = class_label_metrics(fitted.pairs, texts, [_pairs(d) for d in test_docs], pairs)
    predicted = fitted.segments(texts, pairs)

    def pairs_of(segments):
        return {(t.cls, t.label) for s in segments for t in s.tags}

    def triples(segments):
        return {(s.start, s.end, t.cls, t.label) for s in segments for t in s.tags}

    pair = micro([pairs_of(d.segments) for d in test_docs], [pairs_of(p) for p in predicted])
    segment = micro([triples(d.segments) for d in test_docs], [triples(p) for p in predicted])
    del metrics["joint_f1"]
    return {**metrics, "score": pair["f1"], "pair_f1": pair["f1"], "segment_f1": segment["f1"]}


def train_segments(
    train_docs: Sequence[Document],
    test_docs: Sequence[Document],
    *,
    language: str,
    seed: int,
    progress: Progress,
    encoder: bool = False,
) -> tuple[Segments, dict]:
    check(train_docs, "ABSA", "train document")
    check(test_docs, "ABSA", "test document")
    if not test_docs:
        raise TrainingDataError("the test set has no documents")
    pairs = fit_class_label(
        [d.text for d in train_docs],
        [_pairs(d) for d in train_docs],
        language=language,
        seed=seed,
        progress=scaled(progress, 0, 50),
        encoder=encoder,
    )
    progress(50.0, "stretches")
    stretches = _fit_stretches(
        train_docs, language=language, seed=seed, progress=scaled(progress, 50, 90)
    )
    fitted = Segments(pairs, stretches)
    progress(90.0, "evaluation")
    metrics = segment_metrics(fitted, test_docs)
    progress(100.0, "done")
    return fitted, metrics
