"""How much a correction session's order helps: the documents a model is least sure of
(:func:`trainer.learning.confidence.margins`, what ``POST …/corrections`` samples) against
a random sample and the surest, on real data, and what pre-labeling the pool costs.

Not a test: ``python -m tests.benchmarks.bench_corrections``. It reads ``../shared/data``
(see its README). Per data set and type, a first model is trained on
:data:`TRAIN` documents (a fixed-seed shuffle); the next :data:`POOL` documents (the
service's cap on a correction's candidates) stand for the unlabeled pool, whose gold
tags stand for what people would keep. For samples of :data:`SAMPLE` documents (least
sure first; random, seed 0; surest) it prints the share of documents the model got
wrong (those people must fix) and the share of the model's tags people would keep (the
session's ``predicted_score``); and the CPU seconds of predicting the pool with margins.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from trainer.learning import confidence, trainers
from trainer.learning import documents as vendor
from trainer.learning.corpora import parse_typed
from trainer.learning.splits import split_documents

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
TRAIN = 300
POOL = 2000
SAMPLE = 50
SST = {"0": "negative", "1": "positive"}


def _sst() -> list[vendor.Document]:
    documents = []
    for path in ("class-en/stsa.binary.train", "class-en/stsa.binary.dev"):
        for line in (DATA / path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                label, text = line.split(" ", 1)
                text = text.strip()
                documents.append(
                    vendor.Document(text, vendor.whole(text, [vendor.Tag(label=SST[label])]))
                )
    return documents


def _restaurants(model_type: str) -> list[vendor.Document]:
    data = (DATA / "absa-en/Restaurants_Train_v2.xml").read_bytes()
    return parse_typed(data, format="semeval2014", model_type=model_type)


RUNS = [
    ("SST-2", "LABEL", _sst),
    ("SemEval-14 restaurants", "CLASS", lambda: _restaurants("CLASS")),
    ("SemEval-14 restaurants", "CLASSLABEL", lambda: _restaurants("CLASSLABEL")),
]


def _tags(segments: list[dict]) -> set:
    return {(tag.get("class"), tag.get("label")) for segment in segments for tag in segment["tags"]}


def _figures(rows: list[tuple[set, set]]) -> tuple[float, float]:
    """(share of documents wrong, share of predicted tags kept) over (gold, predicted) rows."""
    wrong = sum(gold != predicted for gold, predicted in rows) / len(rows)
    predicted = sum(len(p) for _gold, p in rows)
    kept = sum(len(gold & p) for gold, p in rows)
    return wrong, (kept / predicted if predicted else float("nan"))


def run(name: str, model_type: str, load) -> list[str]:
    documents = load()
    random.Random(0).shuffle(documents)  # noqa: S311 - a reproducible sample
    first, pool = documents[:TRAIN], documents[TRAIN : TRAIN + POOL]
    fitted, _metrics = trainers.train(
        model_type, *split_documents(first, seed=0), language="en", seed=0
    )
    texts = [document.text for document in pool]
    started = time.process_time()
    predicted = trainers.predict(model_type, fitted, texts)
    margins = confidence.margins(fitted, texts)
    seconds = time.process_time() - started
    rows = [
        ({(t.cls, t.label) for t in document.tags}, _tags(segments))
        for document, segments in zip(pool, predicted, strict=True)
    ]
    order = sorted(range(len(pool)), key=lambda index: (margins[index], index))
    samples = {
        "least sure": order[:SAMPLE],
        "random": random.Random(0).sample(range(len(pool)), SAMPLE),  # noqa: S311
        "surest": order[-SAMPLE:],
    }
    cells = []
    for indexes in samples.values():
        wrong, kept = _figures([rows[index] for index in indexes])
        cells.append(f"{wrong:.0%} / {kept:.0%}")
    return [name, model_type, f"{len(pool):,}", f"{seconds:.1f}", *cells]


def main() -> None:
    header = ["data", "type", "pool", "CPU s", "least sure", "random", "surest"]
    print(f"A first model of {TRAIN} documents; samples of {SAMPLE}: wrong / tags kept")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, model_type, load in RUNS:
        print("| " + " | ".join(run(name, model_type, load)) + " |", flush=True)


if __name__ == "__main__":
    main()
