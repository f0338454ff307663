"""The embedded service's trained-model files, through Django's storage API.

Workers and web servers on several machines read and write the same files, so
nothing here uses local paths: ``storages["textapi"]`` is a folder
(:class:`ModelFileStorage`, ``settings.TEXTAPI_MODEL_DIR``) by default, or an
S3-compatible bucket when the settings say so. Files are joblib dumps, written
once under a name that is never reused (the model's UUID), so a loaded file may
stay cached in the process.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property

STORAGE_ALIAS = "textapi"


class ModelFileStorage(FileSystemStorage):
    """Files under ``settings.TEXTAPI_MODEL_DIR``; a file saved under an existing
    name replaces it. The folder is read from the settings when first used (and
    again when a test overrides it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    @cached_property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, settings.TEXTAPI_MODEL_DIR)

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "TEXTAPI_MODEL_DIR":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
            _artifact_cached.cache_clear()


def artifact_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def artifact_save(name: str, obj: Any) -> str:
    """Store ``obj`` (joblib, compressed) as ``name``, replacing any file of that
    name; return the name it was stored under."""
    import joblib  # NumPy with it: only in the processes that train or predict

    buffer = io.BytesIO()
    joblib.dump(obj, buffer, compress=3)
    _artifact_cached.cache_clear()
    return artifact_storage().save(name, ContentFile(buffer.getvalue()))


def artifact_load(name: str) -> Any:
    """The object stored as ``name``; FileNotFoundError if there is none."""
    return _artifact_cached(name)


def artifact_delete(name: str) -> None:
    """Remove the file ``name``; nothing happens if it is already gone."""
    _artifact_cached.cache_clear()
    artifact_storage().delete(name)


@lru_cache(maxsize=8)
def _artifact_cached(name: str) -> Any:
    import joblib

    with artifact_storage().open(name, "rb") as file:
        return joblib.load(io.BytesIO(file.read()))
