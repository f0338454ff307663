"""Small synthetic labelled documents, made from templates with a fixed seed."""

from __future__ import annotations

import random

from trainer.learning.corpora import Document, Span
from trainer.learning.documents import Document as VendorDocument
from trainer.learning.documents import Segment, Tag, whole
from trainer.ops.demo_data import support_messages

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


# -- the vendor's documents -------------------------------------------------------

ASPECTS = {
    "Battery": ["battery", "charger", "power pack"],
    "Screen": ["screen", "display", "touch panel"],
    "Service": ["support team", "hotline", "delivery"],
}
OPINIONS = {
    "positive": ["was excellent", "worked great", "was a delight", "impressed us"],
    "negative": ["was awful", "broke quickly", "was a disaster", "let us down"],
}


def vendor_reviews(*, count: int = 90, seed: int = 0, aspects: int = 2) -> list[VendorDocument]:
    """ABSA documents: sentences of one to ``aspects`` opinions ("The battery was
    awful and the display impressed us."), each aspect term a segment tagged with
    its class and label."""
    rng = random.Random(seed)
    documents = []
    for _ in range(count):
        text, segments = "", []
        for number, name in enumerate(rng.sample(sorted(ASPECTS), rng.randint(1, aspects))):
            label = rng.choice(sorted(OPINIONS))
            term = rng.choice(ASPECTS[name])
            text += "The " if number == 0 else " and the "
            segments.append(Segment(len(text), len(text) + len(term), (Tag(name, label),)))
            text += f"{term} {rng.choice(OPINIONS[label])}"
        documents.append(VendorDocument(text + ".", tuple(segments)))
    return documents


def as_type(documents: list[VendorDocument], model_type: str) -> list[VendorDocument]:
    """ABSA documents as documents of ``model_type``: the first opinion's label (LABEL),
    the classes (CLASS) or the classes with their labels (CLASSLABEL), on the whole text."""
    if model_type == "ABSA":
        return documents
    result = []
    for document in documents:
        tags = document.tags
        if model_type == "LABEL":
            tags = (Tag(label=tags[0].label),)
        elif model_type == "CLASS":
            tags = tuple(Tag(tag.cls) for tag in tags)
        result.append(VendorDocument(document.text, whole(document.text, tags)))
    return result
