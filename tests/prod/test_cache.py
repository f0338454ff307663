"""The Redis cache (sessions and signed-in users in production) is Django's, but keeps
one redis-py client, on one connection, for all the calls of a process instead of
building one per call."""

import os

import pytest
from django.core.cache import caches

pytest.importorskip("redis", reason="the 'prod' extra (make test-prod)")

from trainer.ops.cache import RedisCache  # noqa: E402

with_redis = pytest.mark.skipif(
    "redis" not in os.environ.get("DJANGO_CACHE_URL", ""), reason="make test-prod uses Redis"
)


@with_redis
def test_every_call_of_the_redis_cache_goes_through_the_same_client_and_connection():
    client = caches["default"]._cache

    one, other = client.get_client("one"), client.get_client("other", write=True)

    assert one is other
    assert one.connection is not None


@with_redis
def test_a_forked_process_talks_to_redis_on_a_connection_of_its_own():
    cache = caches["default"]
    cache.set("trainer:test", "parent", 10)
    parent = cache._cache.get_client().connection
    reading, writing = os.pipe()

    if (pid := os.fork()) == 0:  # the child: a gunicorn or Celery worker
        try:
            child = cache._cache.get_client().connection
            os.write(writing, f"{child is not parent} {cache.get('trainer:test')}".encode())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)

    assert os.read(reading, 100).decode() == "True parent"
    assert cache.get("trainer:test") == "parent"  # the parent's connection still in step


@with_redis
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
