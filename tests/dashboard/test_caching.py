"""Keys read together in one round trip answer the reads made in the block, except
those this process writes meanwhile."""

import pytest
from django.core.cache import cache

from trainer.dashboard import caching


def test_keys_read_together_answer_from_that_one_read():
    cache.set("a", 1)
    cache.set("b", 2)

    with caching.read_together(["a", "b", "c"]):
        cache.set("a", 10)  # another process, after the read
        found = caching.read_many(["a", "b"]), caching.read_many(["c"])

    assert found == ({"a": 1, "b": 2}, {})
    assert caching.read_many(["a"]) == {"a": 10}


@pytest.mark.django_db
def test_a_key_read_together_and_then_marked_changed_reads_as_missing():
    cache.set("a", 1)

    with caching.read_together(["a"]):
        caching.forget(["a"])
        found = caching.read_many(["a"])

    assert found == {}


def test_a_read_beyond_the_keys_read_together_goes_to_the_cache():
    cache.set("a", 1)

    with caching.read_together(["b"]):
        cache.set("b", 2)
        found = caching.read_many(["a", "b"])

    assert found == {"a": 1, "b": 2}
