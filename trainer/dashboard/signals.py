"""The dashboard's receivers of Django's signals (connected by the app's ``ready``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from . import caching
from .backends import user_cache_key
from .middleware import LANGUAGE_SESSION_KEY
from .polling import cache as poll_cache
from .preferences import user_language


@receiver(user_logged_in, dispatch_uid="trainer-user-language")
def remember_user_language(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """At sign-in, the person's chosen language is read once into the session,
    where :class:`.middleware.UserLanguageMiddleware` finds it."""
    if request is not None:
        request.session[LANGUAGE_SESSION_KEY] = user_language(user=user)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="trainer-user-cache-save")
@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="trainer-user-cache-delete")
def forget_cached_user(sender, instance, **kwargs) -> None:
    """A user saved (deactivated, a new password, a sign-in) or deleted is marked
    changed in :class:`.backends.CachedModelBackend`'s cache. A signal, because
    Django itself (the admin, the password views, sign-in) writes users."""
    caching.forget([user_cache_key(instance.pk)])


@receiver(post_save, sender="dashboard.Membership", dispatch_uid="trainer-poll-member-save")
@receiver(post_delete, sender="dashboard.Membership", dispatch_uid="trainer-poll-member-delete")
def forget_polled_membership(sender, instance, **kwargs) -> None:
    """A membership changed or removed (by a service, the admin, or with its project or
    user) is marked changed in the status poll's cache: the next poll asks the
    database. A signal, because Django's admin and cascading deletes write it too."""
    poll_cache.forget_member(project_id=instance.project_id, user_id=instance.user_id)


@receiver(post_save, sender="dashboard.TrainedModel", dispatch_uid="trainer-poll-model-save")
@receiver(post_delete, sender="dashboard.TrainedModel", dispatch_uid="trainer-poll-model-delete")
def forget_polled_model(sender, instance, **kwargs) -> None:
    """The same for a model saved or deleted (the sync's passes publish theirs)."""
    poll_cache.forget_model(model_id=instance.pk)
