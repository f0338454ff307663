"""A live dashboard with the embedded service, a real Celery worker and beat."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def live_api(live_server, settings):
    """Point the dashboard's client at the embedded service of the live server."""
    settings.TRAINER_API_URL = f"{live_server.url}/api/text/"
    return settings.TRAINER_API_URL


@pytest.fixture
def celery_stack(live_api, tmp_path):
    """Real worker processes (sync and training queues) and beat, on the test database."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "trainer.settings",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "TRAINER_VAR_DIR": str(settings.VAR_DIR),
        "TRAINER_API_URL": live_api,
        "TRAINER_API_TOKEN": settings.TRAINER_API_TOKEN,
        "TRAINER_SYNC_INTERVAL": "0.5",
        "PYTHONUNBUFFERED": "1",
    }
    # Messages left by an earlier run would name rows of another test database.
    for stale in Path(settings.BROKER_DIR, "queue").glob("*.msg"):
        stale.unlink()
    celery = [sys.executable, "-m", "celery", "-A", "trainer"]
    quiet = ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
    commands = {
        "worker": [*celery, "worker", "-Q", "sync,training", "-c", "2", "-n", "e2e@%h", *quiet],
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
