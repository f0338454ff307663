"""(b) The project page of a large project: 1,000 models and 200 labeling sessions.

Latency (in-process, Django's test client: the server's own time) and the number
of SQL queries, beside smaller projects to show that the count does not grow.
Target: the same number of queries at every size; p95 < 50 ms at 1,000 models.
"""

from __future__ import annotations

import time

from tests.benchmarks.common import database_label, django_setup, percentile, print_table

SIZES = [(10, 2), (100, 20), (1000, 200)]  # (models, labeling sessions)
REQUESTS = 40  # per size, at most
SECONDS = 20.0  # per size, at most


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests import factories
    from tests.dashboard.text.test_query_counts import fill_project
    from trainer.dashboard.models import Role

    user = factories.make_user(username="bench-manager")
    browser = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    browser.force_login(user)
    rows = []
    for models, sessions in SIZES:
        project = factories.make_project(name=f"{models} models")
        factories.make_membership(user=user, project=project, role=Role.MANAGER)
        fill_project(project, models=models, sessions=sessions, started_by=user)
        url = reverse("dashboard:project", args=[project.pk])
        browser.get(url)  # warm up
        with CaptureQueriesContext(connection) as queries:
            size = len(browser.get(url).content)
        query_count = len(queries)  # now: the next request empties the log
        latencies = []
        deadline = time.monotonic() + SECONDS
        while len(latencies) < REQUESTS and time.monotonic() < deadline:
            started = time.perf_counter()
            response = browser.get(url)
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200
        rows.append(
            [
                models,
                sessions,
                query_count,
                len(latencies),
                percentile(latencies, 50) * 1000,
                percentile(latencies, 95) * 1000,
                f"{size / 1024:,.0f} KiB",
            ]
        )
    print_table(
        f"Project page (in-process), {database_label()}",
        ["models", "sessions", "SQL queries", "requests", "p50 ms", "p95 ms", "page size"],
        rows,
    )


if __name__ == "__main__":
    main()
