"""(a) The polled status partial under concurrent polling on gunicorn, beside a bare
Django view answering "ok" on the same server, measured in the same run; and beside
the same view behind ``login_required`` (the session and the user read, which every
dashboard request pays), the floor of any signed-in request.

Target: the partial reaches >= 50% of the bare view's throughput; an unchanged
state is answered 304 (reads only: the tests check that no query writes). A poll
without the current ETag gets the fragment rendered once per state, role, language
and minute of age, then taken from the cache. Besides
the rate, the server's CPU time per request (its gunicorn processes, from /proc),
which other work on a shared machine does not disturb.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from tests.benchmarks.common import (
    Target,
    database_label,
    django_setup,
    gunicorn,
    hammer,
    print_table,
    side_by_side,
    web_workers,
)

CLIENTS = 16  # concurrent pollers
MODELS = 16  # models in flight, each polled by its own client
ROUNDS = 5  # each scenario in turn, this many times
SECONDS = 1.5  # per scenario and round, at most
MAX_REQUESTS = 10_000  # per scenario and round, at most


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from tests import factories
    from trainer.dashboard import caching
    from trainer.dashboard.models import Role

    project = factories.make_project(name="Benchmark")
    reader = factories.make_member(project=project, role=Role.READ_ONLY)
    # Training for a few minutes, just read from the service: both ages are shown.
    now = timezone.now()
    models = [
        factories.make_model(
            project=project, created=now - timedelta(minutes=5), last_synced_at=now
        )
        for _ in range(MODELS)
    ]
    browser = Client()
    browser.force_login(reader)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    polling = {"Cookie": cookie, "HX-Request": "true"}
    setup_done = time.monotonic()

    def status_paths(fragment: str) -> list[str]:
        return [
            f"{reverse('dashboard:model-status', args=[project.pk, model.pk])}?fragment={fragment}"
            for model in models
        ]

    with gunicorn() as (base, server):
        parts = urlsplit(base)

        def etag(path: str) -> str:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            connection.request("GET", path, headers=polling)
            response = connection.getresponse()
            response.read()
            connection.close()
            assert response.status == 200, response.status
            return response.getheader("ETag")

        def polls(paths: list[str], *, unchanged: bool) -> Callable[[], list[Target]]:
            """The paths polled without an ETag, or with the ETag of what each shows."""
            return lambda: [
                (path, polling | ({"If-None-Match": etag(path)} if unchanged else {}))
                for path in paths
            ]

        scenarios = {
            "bare view `ok`": lambda: [("/bench/ok", {})],
            "`ok` signed in (session, user)": lambda: [("/bench/ok-signed-in", {"Cookie": cookie})],
        }
        for fragment in ("row", "card"):
            paths = status_paths(fragment)
            scenarios[f"status partial ({fragment}), no ETag: 200"] = polls(paths, unchanged=False)
            scenarios[f"status partial ({fragment}), unchanged: 304"] = polls(paths, unchanged=True)
        hammer(base, scenarios["bare view `ok`"](), clients=CLIENTS, seconds=1.0)  # warm up
        # Polling goes on for as long as a model trains: measure it past the seconds
        # after the sign-in and the models' creation, which leave their rows marked
        # changed in the cache (read from the database meanwhile).
        time.sleep(max(0.0, setup_done + caching.CHANGED_SECONDS - time.monotonic()))
        results = side_by_side(
            base,
            scenarios,
            rounds=ROUNDS,
            seconds=SECONDS,
            clients=CLIENTS,
            max_requests=MAX_REQUESTS,
            server=server,
        )

    bare = results["bare view `ok`"].per_second
    rows = [
        [
            name,
            load.requests,
            load.per_second,
            f"{load.per_second / bare:.0%}",
            load.server_cpu_ms,
            load.p50_ms,
            load.p95_ms,
            ", ".join(f"{status}×{count}" for status, count in sorted(load.statuses.items())),
        ]
        for name, load in results.items()
    ]
    print_table(
        f"Status partial vs bare view: gunicorn, {web_workers()} workers, {CLIENTS} concurrent "
        f"pollers, {database_label()}",
        ["view", "requests", "req/s", "of bare", "CPU ms/req", "p50 ms", "p95 ms", "statuses"],
        rows,
    )


if __name__ == "__main__":
    main()
