"""End to end, with real worker processes killed by SIGKILL: a training whose worker
dies never stays TRAINING (the embedded service's reaper queues it again, and a
worker that runs again trains it to the end), and the dashboard's sync resumes once
a worker runs again, with nothing already synced lost."""

import os
import signal
import subprocess
import sys

import pytest
from django.utils import timezone

from trainer.dashboard.models import AuditEvent, LabelingSession, TrainingRequest
from trainer.textapi.models import Status, TextModel

from .conftest import (
    ROOT,
    broker_purge,
    newsroom_project,
    refreshed,
    stack_env,
    topics_training_start,
    training_past,
)
from .waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STALE_SECONDS = 5
# Heartbeats every half second; a training silent for 5 s has lost its worker.
FAST_REAPER = {
    "TEXTAPI_HEARTBEAT_SECONDS": "0.5",
    "TEXTAPI_TRAINING_STALE_SECONDS": str(STALE_SECONDS),
    "TEXTAPI_REAPER_INTERVAL": "1",
}
CELERY = [sys.executable, "-m", "celery", "-A", "trainer"]
QUIET = ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]


class Processes:
    """Celery processes, each the leader of its own process group, so that one
    SIGKILL takes a worker and its pool children down together, as a crash would."""

    def __init__(self, api_url: str, log_dir) -> None:
        self.env = stack_env(api_url, **FAST_REAPER)
        self.log_dir = log_dir
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *arguments: str) -> None:
        log = (self.log_dir / f"{name}.log").open("a")
        self.running[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [*CELERY, *arguments],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def worker(self, name: str, queues: str) -> None:
        self.start(name, "worker", "-Q", queues, "-c", "1", "-n", f"{name}@%h", *QUIET)

    def kill(self, name: str) -> None:
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for name in list(self.running):
            self.kill(name)


@pytest.fixture
def processes(live_api, tmp_path):
    broker_purge()
    running = Processes(live_api, tmp_path)
    yield running
    running.stop_all()
    for log in sorted(tmp_path.glob("*.log")):
        sys.stdout.write(f"--- {log.name} (last lines) ---\n")
        sys.stdout.write("".join(log.read_text().splitlines(True)[-20:]))


@pytest.fixture
def synced_project(live_api):
    return newsroom_project()


def test_a_training_whose_worker_is_killed_is_trained_again_and_sync_resumes_after_a_restart(
    processes, synced_project
):
    project, manager = synced_project
    processes.worker("training", "training")
    processes.worker("sync", "sync")
    processes.start("beat", "beat", "-s", str(processes.log_dir / "beat-schedule"))
    model = topics_training_start(project, manager)

    # The dashboard follows the training; then its worker dies mid-way, and the sync
    # worker with it (the broker keeps what beat sends meanwhile).
    wait_for(lambda: refreshed(model).status == Status.TRAINING, timeout=60)
    remote = wait_for(lambda: training_past(model.remote_id, percent=20), timeout=60)
    assert remote.progress < 90
    processes.kill("training")
    processes.kill("sync")
    wait_for(lambda: _silent_for(model.remote_id, seconds=STALE_SECONDS + 1), timeout=30)
    assert TextModel.objects.get(pk=model.remote_id).status == Status.TRAINING

    processes.worker("restarted", "sync,training")

    ready = wait_for(lambda: refreshed(model).status == "READY" and model, timeout=180)
    assert ready.score is not None
    remote = TextModel.objects.get(pk=model.remote_id)
    assert (remote.status, remote.attempts) == (Status.READY, 2)
    # Nothing already synced was lost.
    assert LabelingSession.objects.filter(project=project).count() == 1
    assert (ready.display_name, ready.started_by) == ("Topics", manager)
    assert TrainingRequest.objects.get(project=project).model == ready
    assert AuditEvent.objects.filter(model=ready, action="training_started").exists()


def _silent_for(model_id: int, *, seconds: float) -> bool:
    heartbeat = TextModel.objects.get(pk=model_id).heartbeat_at
    return (timezone.now() - heartbeat).total_seconds() > seconds
