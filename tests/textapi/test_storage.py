"""Trained-model files go through Django's storage API (``storages["textapi"]``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.textapi.storage import artifact_delete, artifact_load, artifact_save

ROOT = Path(__file__).resolve().parents[2]


def test_a_saved_artifact_loads_back_equal():
    bundle = {"format": 1, "train_documents": [("a text", ["A"])]}

    name = artifact_save("model-1.joblib", bundle)

    assert name == "model-1.joblib"
    assert artifact_load(name) == bundle


def test_artifacts_are_files_in_the_model_folder_by_default(settings):
    artifact_save("nested/model-2.joblib", [1, 2, 3])

    assert (settings.TEXTAPI_MODEL_DIR / "nested" / "model-2.joblib").is_file()


def test_saving_under_an_existing_name_replaces_the_file(settings):
    artifact_save("model-3.joblib", "first")
    artifact_load("model-3.joblib")

    name = artifact_save("model-3.joblib", "second")

    assert name == "model-3.joblib"
    assert artifact_load(name) == "second"
    assert [path.name for path in settings.TEXTAPI_MODEL_DIR.iterdir()] == ["model-3.joblib"]


def test_loading_a_missing_artifact_raises_file_not_found():
    with pytest.raises(FileNotFoundError):
        artifact_load("never-saved.joblib")


def test_a_deleted_artifact_no_longer_loads_even_after_it_was_cached(settings):
    artifact_save("model-4.joblib", {"x": 1})
    artifact_load("model-4.joblib")

    artifact_delete("model-4.joblib")

    assert not (settings.TEXTAPI_MODEL_DIR / "model-4.joblib").exists()
    with pytest.raises(FileNotFoundError):
        artifact_load("model-4.joblib")


def test_deleting_a_missing_artifact_is_not_an_error():
    artifact_delete("never-saved.joblib")


def test_another_model_folder_setting_moves_the_files(settings, tmp_path):
    artifact_save("model-5.joblib", "old folder")
    artifact_load("model-5.joblib")

    settings.TEXTAPI_MODEL_DIR = tmp_path / "elsewhere"

    with pytest.raises(FileNotFoundError):
        artifact_load("model-5.joblib")
    artifact_save("model-5.joblib", "new folder")
    assert (tmp_path / "elsewhere" / "model-5.joblib").is_file()


def test_an_s3_bucket_setting_puts_models_and_uploads_in_the_bucket(tmp_path):
    pytest.importorskip("storages.backends.s3", reason="the optional 's3' extra")
    show = (
        "import django, json; django.setup();"
        "from django.core.files.storage import storages;"
        "print(json.dumps({alias: [type(storages[alias]).__name__, storages[alias].bucket_name,"
        " storages[alias].location, storages[alias].endpoint_url]"
        " for alias in ('textapi', 'default')}))"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "trainer.settings",
        "TRAINER_VAR_DIR": str(tmp_path),
        "TRAINER_STORAGE_S3_BUCKET": "team-models",
        "TRAINER_STORAGE_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }

    output = subprocess.run(
        [sys.executable, "-c", show], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout

    assert json.loads(output) == {
        "textapi": ["S3Storage", "team-models", "textapi-models", "http://127.0.0.1:9000"],
        "default": ["S3Storage", "team-models", "media", "http://127.0.0.1:9000"],
    }
