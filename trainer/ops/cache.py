"""Django's Redis cache, with one redis-py client per connection pool.

Django builds a new ``redis.Redis`` for every cache call, and each one registers some
170 response callbacks: on a signed-in request (its session read from the cache) that
costs as much CPU as the Redis round trip itself. A client is thread-safe over its
pool, so one per pool is kept for the life of the process.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
