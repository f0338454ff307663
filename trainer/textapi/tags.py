"""The class and label names an old-shape document's tags carry (``classes`` and
``spans``, before migration 0010 made them segments and tags): each document class is
a class; an ABSA span's aspect is a class and its polarity a label; any other span's
label is a label. Plain Python, for migration 0008, which gave projects their classes
and labels."""

from collections.abc import Iterable

ABSA = "ABSA"  # ModelType.ABSA, spelled here so that this module needs no Django model


def tag_names(
    *,
    type: str,  # noqa: A002 - the vendor's name
    classes: Iterable[str],
    spans: Iterable[dict],
) -> tuple[set[str], set[str]]:
    """(classes, labels) of one document of a session of ``type``."""
    class_names, label_names = set(classes), set()
    for span in spans:
        if type == ABSA:
            class_names.add(span["label"])
            if span.get("polarity"):
                label_names.add(span["polarity"])
        else:
            label_names.add(span["label"])
    return class_names, label_names
