"""Train every model type on the development data and print a table of figures.

Not a test: run it with ``make bench-train`` (about five minutes on two cores).
It reads ``../shared/data`` (see its README; nothing of it is copied into the
project) with the project's importers, trains each model type through
:func:`trainer.learning.trainers.train` as the service does, and prints, per
run: train and test documents, seconds, train documents per second, the peak
resident memory of the process that trained (the data included), the test
score and the type's key metrics. Each run trains in a process of its own, so
its peak memory is its own.

Scores are on data the model never saw: the data set's own held-out file where
it ships one (SST-2 dev, CoNLL-2003 testa), otherwise a fixed-seed 20% split
of the training file (``split_documents(seed=0)``, the service's split).

The last table compares training on 50 documents alone with training on the
same 50 documents from a base model (the base's documents carried over).
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trainer.learning import trainers
from trainer.learning.corpora import Document, Span, parse
from trainer.learning.splits import split_documents
from trainer.ops.demo_data import product_reviews

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
SMALL = 50

Split = tuple[list[Document], list[Document]]


def _read(path: str, format: str) -> list[Document]:  # noqa: A002 - the importer's word
    return parse((DATA / path).read_bytes(), format=format)


def _label_lines(path: str, encoding: str, names: dict[str, str] | None = None) -> list[Document]:
    """``LABEL text`` lines (SST-2, TREC) as documents with one class."""
    documents = []
    for line in (DATA / path).read_text(encoding=encoding).splitlines():
        if line.strip():
            label, text = line.split(" ", 1)
            documents.append(Document(text.strip(), ((names or {}).get(label, label),)))
    return documents


SST = {"0": "negative", "1": "positive"}
TREC = {"0": "DESC", "1": "ENTY", "2": "ABBR", "3": "HUM", "4": "LOC", "5": "NUM"}


def _sst() -> Split:
    return (
        _label_lines("class-en/stsa.binary.train", "utf-8", SST),
        _label_lines("class-en/stsa.binary.dev", "utf-8", SST),
    )


def _trec() -> Split:
    return split_documents(_label_lines("class-en/TREC.train.all", "latin-1", TREC), seed=0)


def _ten_thousand() -> Split:
    """SST-2 (train and dev) and TREC together: 13,244 documents, 8 classes."""
    train, dev = _sst()
    trec = _label_lines("class-en/TREC.train.all", "latin-1", TREC)
    return split_documents([*train, *dev, *trec], seed=0)


def _conll() -> Split:
    return _read("label-en/eng.train", "conll"), _read("label-en/eng.testa", "conll")


def _restaurants() -> Split:
    return split_documents(_read("absa-en/Restaurants_Train_v2.xml", "semeval2014"), seed=0)


def _laptops() -> Split:
    return split_documents(_read("absa-en/Laptop_Train_v2.xml", "semeval2014"), seed=0)


def _arabic_hotels() -> Split:
    return split_documents(_read("absa-ar/AR_Hotels_Train_SB1.xml", "semeval2016"), seed=0)


def _germeval() -> Split:
    return split_documents(_read("absa-de/fixed_dev-2017-09-15.xml", "germeval2017"), seed=0)


@dataclass(frozen=True)
class Run:
    data: str
    model_type: str
    language: str
    load: Callable[[], Split]
    small: bool = False  # train on the first SMALL train documents only
    base: Callable[[], list[Document]] | None = None


RUNS = [
    Run("SST-2 (dev)", "CLASS", "en", _sst),
    Run("TREC", "CLASS", "en", _trec),
    Run("SST-2 + TREC", "CLASS", "en", _ten_thousand),
    Run("CoNLL-2003 (testa)", "LABEL", "en", _conll),
    Run("SemEval-14 restaurants", "ABSA", "en", _restaurants),
    Run("SemEval-14 laptops", "ABSA", "en", _laptops),
    Run("SemEval-16 Arabic hotels", "ABSA", "ar", _arabic_hotels),
    Run("GermEval 2017 (dev)", "ABSA", "de", _germeval),
    Run("SemEval-14 restaurants", "CLASSLABEL", "en", _restaurants),
]


def _shipped_english_reviews() -> list[Document]:
    """The documents of the service's English ABSA base model."""
    return [
        Document(
            d["text"],
            (),
            tuple(Span(s["start"], s["end"], s["label"], s["polarity"]) for s in d["spans"]),
        )
        for d in product_reviews(count=300, seed=96, language="en")
    ]


BASE_RUNS = [
    (
        "SST-2, base: 2,000 other SST-2",
        Run("SST-2", "CLASS", "en", _sst, small=True, base=lambda: _sst()[0][-2000:]),
    ),
    (
        "CoNLL-2003, base: 2,000 other sentences",
        Run(
            "CoNLL-2003",
            "LABEL",
            "en",
            _conll,
            small=True,
            base=lambda: _read("label-en/eng.train", "conll")[-2000:],
        ),
    ),
    (
        "restaurants, base: 1,000 other sentences",
        Run(
            "restaurants",
            "ABSA",
            "en",
            _restaurants,
            small=True,
            base=lambda: _restaurants()[0][-1000:],
        ),
    ),
    (
        "restaurants, base: laptops",
        Run("restaurants", "ABSA", "en", _restaurants, small=True, base=lambda: _laptops()[0]),
    ),
    (
        "restaurants, base: shipped product reviews",
        Run(
            "restaurants",
            "ABSA",
            "en",
            _restaurants,
            small=True,
            base=_shipped_english_reviews,
        ),
    ),
]

KEY_METRICS = {
    "CLASS": ("accuracy", "macro_f1"),
    "LABEL": ("span_f1",),
    "ABSA": ("aspect_extraction_f1", "polarity_accuracy", "pair_f1"),
    "CLASSLABEL": ("macro_f1", "span_f1"),
}


def _train(run: Run, with_base: bool, results) -> None:
    """Train ``run`` (in a child process) and put its figures on ``results``."""
    train, test = run.load()
    if run.small:
        train = train[:SMALL]
    base = run.base() if with_base and run.base else []
    started = time.perf_counter()
    _fitted, metrics = trainers.train(
        run.model_type, train, test, language=run.language, base_documents=base
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((len(base) + len(train), len(test), seconds, peak_mb, metrics))


def measure(run: Run, *, with_base: bool = False):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=_train, args=(run, with_base, results))
    process.start()
    figures = results.get()
    process.join()
    return figures


def _key_metrics(model_type: str, metrics: dict) -> str:
    return ", ".join(f"{key} {metrics[key]:.3f}" for key in KEY_METRICS[model_type])


def main() -> int:
    if not DATA.is_dir():
        print(f"No development data at {DATA}: nothing to benchmark.")
        return 0
    header = (
        f"{'data':<34} {'type':<10} {'lang':<4} {'train':>6} {'test':>5} {'seconds':>7} "
        f"{'docs/s':>7} {'peak MB':>7} {'score':>6}  key metrics"
    )
    print(header)
    print("-" * len(header))
    for run in RUNS:
        train, test, seconds, peak, metrics = measure(run)
        print(
            f"{run.data:<34} {run.model_type:<10} {run.language:<4} {train:>6} {test:>5} "
            f"{seconds:>7.1f} {train / seconds:>7.0f} {peak:>7.0f} {metrics['score']:>6.3f}  "
            f"{_key_metrics(run.model_type, metrics)}",
            flush=True,
        )

    print()
    title = f"small data ({SMALL} train documents)"
    header = f"{title:<44} {'type':<6} {'alone':>7} {'w/ base':>8}  key metrics with base"
    print(header)
    print("-" * len(header))
    for name, run in BASE_RUNS:
        alone = measure(run)[4]
        with_base = measure(run, with_base=True)[4]
        print(
            f"{name:<44} {run.model_type:<6} {alone['score']:>7.3f} {with_base['score']:>8.3f}  "
            f"{_key_metrics(run.model_type, with_base)} (alone: "
            f"{_key_metrics(run.model_type, alone)})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
