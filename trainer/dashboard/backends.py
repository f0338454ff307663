"""The dashboard's authentication backend: Django's ``ModelBackend``, with each
request's user read from the cache that all web processes share."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

# The longest a cached user can outlive a change made around the ORM's signals (a
# queryset's update()); every save and delete drops it at once (see signals.py).
USER_CACHE_SECONDS = 300


def user_cache_key(user_id) -> str:
    return f"trainer:user:{user_id}"


class CachedModelBackend(ModelBackend):
    """Every signed-in request reads its user: from the shared cache rather than the
    database, which halves what a 2-second status poll costs the database.

    A user is cached as loaded, before anything (permissions) is memoised on it, and
    only if active. Django still checks the session against the password's hash on
    the cached copy, so a changed password signs the other sessions out as before.
    Enabled only with a cache that all web processes share (settings.py): a copy
    per process would outlive its invalidation in the others.
    """

    def get_user(self, user_id):
        key = user_cache_key(user_id)
        if (user := cache.get(key)) is None and (user := super().get_user(user_id)):
            cache.set(key, user, USER_CACHE_SECONDS)
        return user
