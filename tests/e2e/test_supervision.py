"""Under ``manage.py runall`` (supervisord), each kind of process is killed outright
during a training: it comes back, the others keep running meanwhile, and the
training ends READY, as the dashboard shows it. Ctrl-C (SIGTERM) then stops them all."""

import os
import signal
import sys

import pytest
from django.conf import settings as django_settings

from trainer.textapi.models import Status, TextModel

from .conftest import (
    broker_purge,
    newsroom_project,
    refreshed,
    stack_env,
    topics_training_start,
    training_past,
)
from .runall import Runner, free_port
from .waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROCESSES = ("web", "sync", "training", "background", "beat")
FAST = {
    "TEXTAPI_HEARTBEAT_SECONDS": "0.5",
    "TEXTAPI_TRAINING_STALE_SECONDS": "5",
    "TEXTAPI_REAPER_INTERVAL": "1",
}


@pytest.fixture
def runner(settings, tmp_path):
    port = free_port()
    settings.TRAINER_API_URL = f"http://127.0.0.1:{port}/api/text/"
    broker_purge()
    running = Runner(
        port=port,
        env=stack_env(settings.TRAINER_API_URL, **FAST),
        var_dir=django_settings.VAR_DIR,
        log=tmp_path / "runall.log",
    )
    try:
        wait_for(lambda: running.serves() and len(running.pids()) == len(PROCESSES), timeout=90)
        yield running
    finally:
        running.stop()
        sys.stdout.write("--- runall (last lines) ---\n")
        sys.stdout.write("".join(running.log.read_text().splitlines(True)[-60:]))


def _kill(runner: Runner, name: str) -> int:
    """SIGKILL to the process and its children, as a crash; its old pid."""
    pid = runner.pids()[name]
    os.killpg(pid, signal.SIGKILL)
    return pid


def _back(runner: Runner, name: str, *, old: int) -> dict[str, int]:
    return wait_for(
        lambda: (pids := runner.pids()).get(name, old) != old and pids, timeout=90, interval=0.5
    )


def test_every_process_killed_during_a_training_comes_back_and_the_training_ends_ready(runner):
    project, manager = newsroom_project()
    model = topics_training_start(project, manager)
    # The training worker dies first, mid-training: the training is queued again and
    # trained to the end by the worker that comes back; web, sync and beat die while
    # it trains again.
    wait_for(lambda: training_past(model.remote_id, percent=10), timeout=90)
    for name in ("training", "web", "sync", "background", "beat"):
        before = runner.pids()
        after = _back(runner, name, old=_kill(runner, name))
        others = set(PROCESSES) - {name}
        assert {other: after[other] for other in others} == {o: before[o] for o in others}
    assert wait_for(runner.serves, timeout=30)

    ready = wait_for(lambda: refreshed(model).status == "READY" and model, timeout=240)
    assert ready.score is not None
    remote = TextModel.objects.get(pk=model.remote_id)
    assert (remote.status, remote.attempts) == (Status.READY, 2)
    assert runner.serves()


def test_sigterm_stops_every_process(runner):
    pids = runner.pids()

    assert runner.stop() == 0

    for pid in pids.values():
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
