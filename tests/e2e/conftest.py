"""A live dashboard with the embedded service, a real Celery worker and beat."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from tests.learning.synthetic import class_documents
from trainer.apiclient.deepopinion import DeepOpinionClient
from trainer.celery import app as celery_app
from trainer.dashboard.models import Role
from trainer.dashboard.text import services as dashboard_services
from trainer.dashboard.text import sync as dashboard_sync
from trainer.textapi import labeling
from trainer.textapi import services as text_services
from trainer.textapi.documents import from_old_shape
from trainer.textapi.models import Role as ApiRole
from trainer.textapi.models import Status, TextModel

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    """The URL of the database the live server uses (pytest-django's ``test_…``)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise NotImplementedError(f"worker processes on {db['ENGINE']}")
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def live_api(live_server, settings):
    """Point the dashboard's clients at the embedded services of the live server."""
    settings.TRAINER_API_URL = f"{live_server.url}/api/text/"
    settings.CAPTURE_API_URL = f"{live_server.url}/api/capture/"
    return settings.TRAINER_API_URL


def stack_env(api_url: str, **extra: str) -> dict[str, str]:
    """The environment of a worker or beat process on the test database."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "trainer.settings",
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "TRAINER_VAR_DIR": str(settings.VAR_DIR),
        "TRAINER_API_URL": api_url,
        "TRAINER_API_TOKEN": settings.TRAINER_API_TOKEN,
        "CAPTURE_API_URL": settings.CAPTURE_API_URL,
        "CAPTURE_API_APP_ID": settings.CAPTURE_API_APP_ID,
        "CAPTURE_API_TOKEN": settings.CAPTURE_API_TOKEN,
        "TRAINER_SYNC_INTERVAL": "0.5",
        "TEXTAPI_SENTENCE_ENCODER": str(int(settings.TEXTAPI_SENTENCE_ENCODER)),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def broker_purge() -> None:
    """Messages left by an earlier run would name rows of another test database."""
    with celery_app.connection_for_write() as broker:
        for queue in ("sync", "training", "capture", "imports"):
            broker.default_channel.queue_declare(queue=queue)
            broker.default_channel.queue_purge(queue)


@pytest.fixture
def celery_stack(live_api, tmp_path):
    """Real worker processes (sync and training queues) and beat, on the test database."""
    env = stack_env(live_api)
    broker_purge()
    celery = [sys.executable, "-m", "celery", "-A", "trainer"]
    quiet = ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
    commands = {
        "worker": [
            *celery,
            "worker",
            "-Q",
            "sync,training,capture,imports",
            "-c",
            "2",
            "-n",
            "e2e@%h",
            *quiet,
        ],
        "beat": [*celery, "beat", "-l", "info", "-s", str(tmp_path / "beat-schedule")],
    }
    processes = {}
    for name, command in commands.items():
        log = (tmp_path / f"{name}.log").open("w")
        processes[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    yield tmp_path
    for process in processes.values():
        process.terminate()
    for name, process in processes.items():
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        sys.stdout.write(f"--- {name} log (last lines) ---\n")
        sys.stdout.write("".join((tmp_path / f"{name}.log").read_text().splitlines(True)[-30:]))


def newsroom_project():
    """A text project at the embedded service (``settings.TRAINER_API_URL``) with a
    large labeled session (a training of several seconds), mirrored by the dashboard
    with a manager: ``(project, manager)``."""
    account = get_user_model().objects.create_user("dashboard-account")
    text_services.token_create(user=account, name="dashboard", raw=settings.TRAINER_API_TOKEN)
    remote = text_services.project_create(name="Newsroom")
    text_services.member_set(project=remote, user=account, role=ApiRole.MANAGER)
    labeling.labeling_session_create(
        project=remote,
        name="Many short news",
        owner=account,
        documents=[from_old_shape(d, type="CLASS") for d in class_documents(per_class=8000)],
    )
    project = dashboard_sync.project_register(remote_id=remote.pk, name=remote.name)
    project = dashboard_sync.project_sync(project=project, client=DeepOpinionClient.from_settings())
    manager = get_user_model().objects.create_user("manager")
    dashboard_services.membership_set(project=project, user=manager, role=Role.MANAGER)
    return project, manager


def topics_training_start(project, manager):
    """The manager starts training "Topics" on all the project's sessions, from the
    dashboard; its mirror."""
    return dashboard_services.training_start(
        project=project,
        user=manager,
        display_name="Topics",
        language="en",
        pool_sessions=list(project.sessions.all()),
        client=DeepOpinionClient.from_settings(),
    )


def refreshed(model):
    model.refresh_from_db()
    return model


def training_past(model_id: int, *, percent: float):
    """The service's model ``model_id`` once it is TRAINING at ``percent`` or more."""
    model = TextModel.objects.get(pk=model_id)
    return model if model.status == Status.TRAINING and model.progress >= percent else None
