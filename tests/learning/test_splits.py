from trainer.learning.splits import split_documents

DOCS = [(f"text {i}", [label]) for i, label in enumerate(["a"] * 20 + ["b"] * 10 + ["c"] * 5)]


def test_split_is_the_same_for_the_same_seed():
    assert split_documents(DOCS, seed=3) == split_documents(DOCS, seed=3)


def test_split_differs_for_another_seed():
    assert split_documents(DOCS, seed=3)[1] != split_documents(DOCS, seed=4)[1]


def test_split_keeps_every_document_exactly_once():
    train, test = split_documents(DOCS, seed=0)

    assert sorted(train + test) == sorted(DOCS)


def test_split_holds_out_about_a_fifth_of_each_class():
    _train, test = split_documents(DOCS, test_fraction=0.2, seed=0)

    counts = {label: sum(1 for _t, c in test if c == [label]) for label in "abc"}
    assert counts == {"a": 4, "b": 2, "c": 1}


def test_a_class_with_one_document_stays_in_the_train_set():
    train, test = split_documents([*DOCS, ("lonely", ["z"])], seed=0)

    assert ("lonely", ["z"]) in train
    assert ("lonely", ["z"]) not in test
