from trainer.learning.documents import Document, Tag, whole
from trainer.learning.splits import split_documents


def _classed(text, name):
    return Document(text, whole(text, [Tag(name)]))


DOCS = [_classed(f"text {i}", c) for i, c in enumerate(["a"] * 20 + ["b"] * 10 + ["c"] * 5)]


def test_split_is_the_same_for_the_same_seed():
    assert split_documents(DOCS, seed=3) == split_documents(DOCS, seed=3)


def test_split_differs_for_another_seed():
    assert split_documents(DOCS, seed=3)[1] != split_documents(DOCS, seed=4)[1]


def test_split_keeps_every_document_exactly_once():
    train, test = split_documents(DOCS, seed=0)

    assert sorted(train + test, key=lambda d: d.text) == sorted(DOCS, key=lambda d: d.text)


def test_split_holds_out_about_a_fifth_of_each_class():
    _train, test = split_documents(DOCS, test_fraction=0.2, seed=0)

    counts = {name: sum(1 for d in test if d.tags == (Tag(name),)) for name in "abc"}
    assert counts == {"a": 4, "b": 2, "c": 1}


def test_a_class_with_one_document_stays_in_the_train_set():
    lonely = _classed("lonely", "z")

    train, test = split_documents([*DOCS, lonely], seed=0)

    assert lonely in train
    assert lonely not in test


def test_documents_without_classes_are_split_too():
    unlabelled = [Document(f"plain text {i}") for i in range(10)]

    _train, test = split_documents(unlabelled, seed=0)

    assert len(test) == 2
