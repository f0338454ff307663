"""The Redis cache (sessions and signed-in users in production) is Django's, but keeps
one redis-py client for all its calls instead of building one per call."""

import os

import pytest
from django.core.cache import caches

pytest.importorskip("redis", reason="the 'prod' extra (make test-prod)")

from trainer.ops.cache import RedisCache  # noqa: E402


def test_every_call_of_the_redis_cache_goes_through_the_same_client():
    client = RedisCache("redis://127.0.0.1:6379/1", {})._cache  # no connection made yet

    assert client.get_client("one") is client.get_client("other", write=True)


@pytest.mark.skipif(
    "redis" not in os.environ.get("DJANGO_CACHE_URL", ""), reason="make test-prod uses Redis"
)
def test_values_round_trip_through_the_configured_redis():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)

    cache.set("trainer:test", {"state": "READY"}, 10)
    cache.set("trainer:other", 3, 10)

    assert cache.get("trainer:test") == {"state": "READY"}
    assert cache.get_many(["trainer:test", "trainer:other"]) == {
        "trainer:test": {"state": "READY"},
        "trainer:other": 3,
    }
