"""Train every model type on the development data and print tables of figures.

Not a test: run it with ``make bench-train`` (about ten minutes on two cores;
``--vendor`` for the first table alone). It reads ``../shared/data`` (see its
README; nothing of it is copied into the project) with the project's importers
and trains through :func:`trainer.learning.trainers.train`.

The first table has the vendor's meaning of the types (``docs/text-types.md``):
per run, the CPU seconds of training (features, cross-validation, fitting,
evaluation), the score, the type's key metrics and the target of issue #18,
met or not; for ABSA also a linear baseline (:func:`_linear_baseline`) on the
same split. The later tables have the old meaning, which the text service
trains until it speaks the vendor's documents: per run, train and test
documents, seconds, train documents per second, the peak resident memory of
the process that trained (the data included), the test score and the type's
key metrics. Each run trains in a process of its own, so its peak memory and
CPU time are its own.

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

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from trainer.learning import documents as vendor
from trainer.learning import trainers
from trainer.learning.corpora import Document, Span, parse, parse_typed
from trainer.learning.features import micro
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


# -- the vendor's meaning ----------------------------------------------------------

VendorSplit = tuple[list[vendor.Document], list[vendor.Document]]


def _sst_label() -> VendorSplit:
    """SST-2 as LABEL documents (train, dev)."""

    def typed(documents: list[Document]) -> list[vendor.Document]:
        return [
            vendor.Document(d.text, vendor.whole(d.text, [vendor.Tag(label=d.classes[0])]))
            for d in documents
        ]

    train, dev = _sst()
    return typed(train), typed(dev)


def _typed(path: str, format: str, model_type: str) -> VendorSplit:  # noqa: A002
    documents = parse_typed((DATA / path).read_bytes(), format=format, model_type=model_type)
    return split_documents(documents, seed=0)


@dataclass(frozen=True)
class VendorRun:
    data: str
    model_type: str
    language: str
    load: Callable[[], VendorSplit]
    target: str  # the metric and the figure of issue #18, or "baseline"
    figure: float | None = None


RESTAURANTS = ("absa-en/Restaurants_Train_v2.xml", "semeval2014")
ARABIC_HOTELS = ("absa-ar/AR_Hotels_Train_SB1.xml", "semeval2016")
VENDOR_RUNS = [
    VendorRun("SST-2 (dev)", "LABEL", "en", _sst_label, "accuracy", 0.83),
    VendorRun(
        "SemEval-14 restaurants", "CLASS", "en", lambda: _typed(*RESTAURANTS, "CLASS"),
        "micro_f1", 0.886,
    ),
    VendorRun(
        "SemEval-14 restaurants", "CLASSLABEL", "en", lambda: _typed(*RESTAURANTS, "CLASSLABEL"),
        "label_accuracy", 0.829,
    ),
    VendorRun(
        "SemEval-14 restaurants", "ABSA", "en", lambda: _typed(*RESTAURANTS, "ABSA"), "baseline"
    ),
    VendorRun(
        "SemEval-16 Arabic hotels", "ABSA", "ar", lambda: _typed(*ARABIC_HOTELS, "ABSA"),
        "baseline",
    ),
    VendorRun(
        "GermEval 2017 (dev)", "ABSA", "de",
        lambda: _typed("absa-de/fixed_dev-2017-09-15.xml", "germeval2017", "ABSA"), "baseline",
    ),
]  # fmt: skip
VENDOR_KEY_METRICS = {
    "LABEL": ("accuracy", "macro_f1"),
    "CLASS": ("micro_f1", "macro_f1"),
    "CLASSLABEL": ("label_accuracy", "joint_f1", "class_f1"),
    "ABSA": ("pair_f1", "label_accuracy", "class_f1", "segment_f1"),
}


def _pair_sets(document: vendor.Document) -> set[tuple[str, str]]:
    return {(tag.cls, tag.label) for tag in document.tags}


def _linear_baseline(train: list[vendor.Document], test: list[vendor.Document]) -> float:
    """Category-and-polarity F1 of a short scikit-learn script: TF-IDF words and
    characters, one linear SVM per ``class#label`` pair (default C, threshold 0)."""
    vectorizer = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    binarizer = MultiLabelBinarizer()
    targets = binarizer.fit_transform([sorted(_pair_sets(d)) for d in train])
    model = OneVsRestClassifier(LinearSVC()).fit(
        vectorizer.fit_transform([d.text for d in train]), targets
    )
    scores = model.decision_function(vectorizer.transform([d.text for d in test]))
    predicted = [{binarizer.classes_[k] for k in np.flatnonzero(row > 0)} for row in scores]
    return micro([_pair_sets(d) for d in test], predicted)["f1"]


def _train_vendor(run: VendorRun, results) -> None:
    """Train ``run`` (in a child process) and put its figures on ``results``."""
    train, test = run.load()
    before = resource.getrusage(resource.RUSAGE_SELF)
    _fitted, metrics = trainers.train(run.model_type, train, test, language=run.language)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    baseline = _linear_baseline(train, test) if run.target == "baseline" else None
    results.put((len(train), len(test), cpu, metrics, baseline))


def _in_child(target, *args):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=target, args=(*args, results))
    process.start()
    figures = results.get()
    process.join()
    return figures


def vendor_table() -> None:
    header = (
        f"{'data':<26} {'type':<10} {'lang':<4} {'train':>6} {'test':>5} {'CPU s':>6} "
        f"{'score':>6}  {'target':<28} key metrics"
    )
    print(header)
    print("-" * len(header))
    for run in VENDOR_RUNS:
        train, test, cpu, metrics, baseline = _in_child(_train_vendor, run)
        if baseline is None:
            met = "met" if metrics[run.target] >= run.figure else "NOT met"
            target = f"{run.target} {run.figure:.3f}: {met}"
        else:
            met = "above" if metrics["pair_f1"] > baseline else "NOT above"
            target = f"linear baseline {baseline:.3f}: {met}"
        keys = ", ".join(f"{k} {metrics[k]:.3f}" for k in VENDOR_KEY_METRICS[run.model_type])
        print(
            f"{run.data:<26} {run.model_type:<10} {run.language:<4} {train:>6} {test:>5} "
            f"{cpu:>6.1f} {metrics['score']:>6.3f}  {target:<28} {keys}",
            flush=True,
        )


# -- the old meaning (the text service's, until it speaks the vendor's documents) --


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
    return _in_child(_train, run, with_base)


def _key_metrics(model_type: str, metrics: dict) -> str:
    return ", ".join(f"{key} {metrics[key]:.3f}" for key in KEY_METRICS[model_type])


def main() -> int:
    if not DATA.is_dir():
        print(f"No development data at {DATA}: nothing to benchmark.")
        return 0
    vendor_table()
    if "--vendor" in sys.argv[1:]:
        return 0
    print()
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
