"""Small synthetic labelled documents, made from templates with a fixed seed."""

from __future__ import annotations

import random

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
