"""The dashboard's authentication backend: Django's ``ModelBackend``, with each
request's user read from the cache that all web processes share."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from . import caching

# The longest a cached user can outlive a change made around the ORM's signals (a
# queryset's update()); every save and delete marks it changed (see signals.py).
USER_CACHE_SECONDS = 300


def user_cache_key(user_id) -> str:
    return f"trainer:user:{user_id}"


class CachedModelBackend(ModelBackend):
    """Every signed-in request reads its user: from the shared cache rather than the
    database, a query less on every request.

    A user is cached as loaded, before anything (permissions) is memoised on it, and
    only if active; a change to the user marks it changed (:mod:`.caching`), so a
    deactivation or a deletion reaches the very next request. Django still checks the
    session against the password's hash on the cached copy, so a changed password
    signs the other sessions out as before. Enabled only with a cache that all web
    processes share (settings.py): a copy per process would outlive its mark in the
    others.
    """

    def get_user(self, user_id):
        key = user_cache_key(user_id)
        cached = caching.read_many([key]).get(key)
        if cached is not None:
            return cached
        if (user := super().get_user(user_id)) is not None:
            caching.keep(key, user, USER_CACHE_SECONDS)
        return user
