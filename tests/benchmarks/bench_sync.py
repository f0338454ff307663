"""(c) One status-sync pass over 1,000 in-flight models against the embedded service
(served by gunicorn on 127.0.0.1), as the sync worker runs it every 2 s.

The pass lists each project's in-flight models in one request and writes a row only
for a model that changed (one UPDATE stamps the unchanged ones); the table counts
the statements that wrote. Target: a pass fits in the 2 s poll interval.
"""

from __future__ import annotations

import time

from tests.benchmarks.common import (
    database_label,
    django_setup,
    gunicorn,
    make_in_flight_models,
    print_table,
    web_workers,
)

MODELS = 1000
LAYOUTS = [1, 10]  # projects the 1,000 models are spread over
PASSES = 3  # per layout: first read, nothing changed, every model's progress changed


def _count_writes(writes: list[str]):
    """A database execute wrapper that notes every statement that writes."""

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from trainer.apiclient.deepopinion import DeepOpinionClient
    from trainer.dashboard.models import TrainedModel
    from trainer.dashboard.text import sync as dashboard_sync
    from trainer.textapi import services as textapi
    from trainer.textapi.models import TextModel

    account = get_user_model().objects.create_user(username="bench-sync")
    textapi.token_create(user=account, name="bench", raw=settings.TRAINER_API_TOKEN)
    rows = []
    with gunicorn() as (base, _server):
        client = DeepOpinionClient(base_url=f"{base}/api/text/", token=settings.TRAINER_API_TOKEN)
        for _ in range(3 * web_workers()):  # every worker loads its code on a first request
            client.list_projects()
        for projects in LAYOUTS:
            TrainedModel.objects.all().delete()
            TextModel.objects.all().delete()
            per_project = MODELS // projects
            make_in_flight_models(
                account=account,
                projects=projects,
                per_project=per_project,
                name=f"Sync {projects}x{per_project}",
            )
            for label in ("first read", "nothing changed", "all progressed"):
                if label == "all progressed":
                    TextModel.objects.update(progress=55.0)
                writes: list[str] = []
                started = time.perf_counter()
                with connection.execute_wrapper(_count_writes(writes)):
                    result = dashboard_sync.models_sync_in_flight(client=client)
                seconds = time.perf_counter() - started
                rows.append(
                    [
                        f"{projects} × {per_project}",
                        label,
                        result.updated,
                        result.failed,
                        len(writes),
                        seconds,
                        "yes" if seconds <= settings.TRAINER_SYNC_INTERVAL else "NO",
                    ]
                )
    print_table(
        f"One sync pass over {MODELS} in-flight models, embedded service on gunicorn, "
        f"{database_label()}",
        ["projects × models", "pass", "updated", "failed", "writes", "seconds", "within 2 s"],
        rows,
    )


if __name__ == "__main__":
    main()
