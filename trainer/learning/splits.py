"""Deterministic train/test splits of labelled documents."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from .documents import Document

D = TypeVar("D", bound=Document)


def _group(doc: Document) -> str:
    """The stratum of a document: its first class or label, or "" when it has none."""
    names = [tag.cls or tag.label or "" for tag in doc.tags]
    return min(names) if names else ""


def split_documents(
    docs: Sequence[D], *, test_fraction: float = 0.2, seed: int = 0
) -> tuple[list[D], list[D]]:
    """Split the vendor's ``docs`` into (train, test), stratified by each document's
    first class or label.

    Every group of documents that share their first (alphabetically smallest)
    class gives about ``test_fraction`` of its documents, at least one when it
    has two or more, to the test set; a group of one stays in the train set.
    Documents without tags form their own group. The
    same input and seed give the same split; the original order is kept within
    each part.
    """
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction must be between 0 and 1")
    groups: dict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(docs):
        groups[_group(doc)].append(index)
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    test_indexes: set[int] = set()
    for key in sorted(groups):
        members = list(groups[key])
        if len(members) < 2:
            continue
        rng.shuffle(members)
        count = max(1, round(len(members) * test_fraction))
        test_indexes.update(members[:count])
    train = [doc for index, doc in enumerate(docs) if index not in test_indexes]
    test = [doc for index, doc in enumerate(docs) if index in test_indexes]
    return train, test
