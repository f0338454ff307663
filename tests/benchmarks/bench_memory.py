"""(d) Peak memory of the web and worker processes of the real stack
(``manage.py runall --prod``: gunicorn, a sync worker, a training worker, beat),
while browsers poll, a model trains on the demo data and the sync worker follows
1,000 in-flight models every 2 s.

Peak resident memory (VmHWM) per process, from /proc (Linux).
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict

from tests.benchmarks.common import (
    command_line,
    database_label,
    django_setup,
    free_port,
    hammer,
    make_in_flight_models,
    peak_rss_mib,
    print_table,
    process_tree,
    pss_mib,
    spawned,
    wait_for_port,
    web_workers,
)

IN_FLIGHT = 1000
POLL_SECONDS = 5.0
TRAINING_TIMEOUT = 180.0
ROLES = [  # (name, what its command line holds), the first match wins
    ("web (gunicorn)", "gunicorn"),
    ("sync worker", "-Q sync"),
    ("training worker", "-Q training"),
    ("beat", " beat"),
    ("runner (supervisord)", "supervisord"),
]


def _role(pid: int) -> str | None:
    line = command_line(pid)
    if line.startswith(("/bin/sh", "sh ")):
        return None
    return next((name for name, marker in ROLES if marker in line), None)


def _wait(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.5)
    sys.exit(f"gave up waiting for {what} after {timeout} s")


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from trainer.apiclient.deepopinion import DeepOpinionClient
    from trainer.dashboard.models import LabelingSession, Project, TrainedModel
    from trainer.dashboard.text import services as dashboard

    call_command("demo", "--yes", verbosity=0)
    users = get_user_model().objects
    make_in_flight_models(
        account=users.get(username="trainer-dashboard"),
        projects=1,
        per_project=IN_FLIGHT,
        name="Memory",
    )
    manager = users.get(username="demo-manager")
    project = Project.objects.get(name="Customer support")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "manage.py", "runall", "--prod", "--port", str(port)]
    with spawned(command, env=os.environ | {"PORT": str(port)}) as stack:
        wait_for_port(port, stack)
        sessions = _wait(
            lambda: list(LabelingSession.objects.filter(project=project)),
            timeout=60,
            what="the demo project's labeling sessions",
        )
        browser = Client(HTTP_HOST="127.0.0.1")
        browser.force_login(manager)
        cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={browser.cookies['sessionid'].value}"}
        polled = TrainedModel.objects.filter(project__name__startswith="Memory")[:16]
        targets = [(reverse("dashboard:project", args=[project.pk]), cookie)] + [
            (
                reverse("dashboard:model-status", args=[model.project_id, model.pk])
                + "?fragment=row",
                cookie | {"HX-Request": "true"},
            )
            for model in polled
        ]
        model = dashboard.training_start(
            project=project,
            user=manager,
            display_name="Memory benchmark",
            language="en",
            pool_sessions=sessions,
            client=DeepOpinionClient(
                base_url=f"{base}/api/text/", token=settings.TRAINER_API_TOKEN
            ),
        )
        load = hammer(base, targets, clients=16, seconds=POLL_SECONDS, max_requests=20_000)
        model = _wait(
            lambda: TrainedModel.objects.filter(
                pk=model.pk, status__in=["READY", "FAILED"]
            ).first(),
            timeout=TRAINING_TIMEOUT,
            what="the training",
        )
        peaks: dict[str, list[float]] = defaultdict(list)
        shares: dict[str, float] = defaultdict(float)
        for pid in process_tree(stack.pid):
            if role := _role(pid):
                peaks[role].append(peak_rss_mib(pid))
                shares[role] += pss_mib(pid)

    rows = [
        [name, len(peaks[name]), max(peaks[name]), shares[name]]
        for name, _marker in ROLES
        if peaks[name]
    ]
    print_table(
        f"Peak memory (VmHWM), runall --prod: {web_workers()} gunicorn workers, "
        f"{database_label()}; {load.requests} polls, a {model.status} training, "
        f"{IN_FLIGHT} models synced every 2 s",
        ["process", "processes", "peak RSS of the largest, MiB", "all together now (PSS), MiB"],
        rows,
    )


if __name__ == "__main__":
    main()
