"""Django's Redis cache, with one redis-py client per connection pool and process,
each on one connection of its own.

Django builds a new ``redis.Redis`` for every cache call, and each one registers some
170 response callbacks: on a signed-in request (its session read from the cache) that
costs as much CPU as the Redis round trip itself. So one client per pool is kept for
the life of the process. Each client keeps one connection (redis-py's
``single_connection_client``, which locks it around each command) rather than taking
one from the pool and checking it for stray data at every command: a third less CPU
per round trip. Django's caches are per thread, and a forked process (a gunicorn or
Celery worker) makes clients of its own.
"""

import os

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        mine = (os.getpid(), id(pool))
        if (client := self._clients.get(mine)) is None:
            client = self._client(connection_pool=pool, single_connection_client=True)
            self._clients[mine] = client
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
