"""Small synthetic labelled documents, made from templates with a fixed seed."""

from __future__ import annotations

import random

from trainer.learning.corpora import Document, Span
from trainer.learning.splits import split_documents
from trainer.ops.demo_data import product_reviews, support_messages

SLOTS = {
    "place": ["Berlin", "the coast", "our town", "the valley", "Cairo", "the north"],
    "time": ["today", "this morning", "all week", "tonight", "since Monday", "at noon"],
    "team": ["the home side", "our club", "the visitors", "the champions", "the youth team"],
    "dish": ["soup", "pasta", "curry", "salad", "bread", "stew"],
}

TEMPLATES = {
    "weather": [
        "Heavy rain is falling over {place} {time}.",
        "The forecast for {place} says sunshine and warm wind {time}.",
        "Snow and ice closed the roads near {place} {time}.",
        "A storm with thunder hit {place} {time}.",
        "Temperatures in {place} dropped below freezing {time}.",
    ],
    "sports": [
        "{team} won the match {time} after a late goal.",
        "The coach of {team} praised the striker {time}.",
        "{team} lost the final on penalties {time}.",
        "Fans cheered as {team} scored twice {time}.",
        "The referee sent off a defender of {team} {time}.",
    ],
    "food": [
        "This {dish} tastes of garlic and fresh herbs.",
        "The chef in {place} cooks the best {dish} {time}.",
        "I baked {dish} with butter and a pinch of salt {time}.",
        "The {dish} at the market in {place} was too spicy.",
        "Add pepper to the {dish} and let it simmer.",
    ],
}


def class_documents(
    *, per_class: int = 20, classes: tuple[str, ...] = ("weather", "sports", "food"), seed: int = 0
) -> list[dict]:
    """``per_class`` documents ``{"text", "classes", "spans"}`` for each class."""
    rng = random.Random(seed)
    documents = []
    for label in classes:
        for _ in range(per_class):
            template = rng.choice(TEMPLATES[label])
            text = template.format(**{slot: rng.choice(values) for slot, values in SLOTS.items()})
            documents.append({"text": text, "classes": [label], "spans": []})
    rng.shuffle(documents)
    return documents


def as_pairs(documents: list[dict]) -> list[tuple[str, list[str]]]:
    """The learner's ``(text, [classes])`` form."""
    return [(d["text"], list(d["classes"])) for d in documents]


def as_documents(documents: list[dict]) -> list[Document]:
    """The learners' :class:`Document` form of ``{"text", "classes", "spans"}`` dicts."""
    return [
        Document(
            text=d["text"],
            classes=tuple(d.get("classes") or ()),
            spans=tuple(
                Span(s["start"], s["end"], s["label"], s.get("polarity"))
                for s in d.get("spans") or ()
            ),
        )
        for d in documents
    ]


def entity_documents(*, count: int = 80, seed: int = 0) -> list[dict]:
    """Support messages with their products, months, devices and amounts as spans
    (and their topic as the class)."""
    return support_messages(count=count, seed=seed, with_spans=True)


def review_documents(*, count: int = 80, seed: int = 0, language: str = "en") -> list[dict]:
    """Product reviews whose aspects carry a polarity (English or German)."""
    return product_reviews(count=count, seed=seed, language=language)


def split_pairs(pairs: list[tuple[str, list[str]]], *, seed: int = 0):
    """:func:`split_documents` of ``(text, [classes])`` pairs, as pairs."""
    train, test = split_documents(
        [Document(text, tuple(classes)) for text, classes in pairs], seed=seed
    )
    return [(d.text, list(d.classes)) for d in train], [(d.text, list(d.classes)) for d in test]
