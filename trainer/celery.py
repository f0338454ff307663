"""The Celery app and its one beat schedule."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")

app = Celery("trainer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def setup_periodic_tasks(sender: Celery, **kwargs) -> None:
    from django.conf import settings

    sender.add_periodic_task(
        settings.TRAINER_SYNC_INTERVAL,
        sender.signature("trainer.dashboard.tasks.models_sync_all"),
        name="sync in-flight models",
    )
    sender.add_periodic_task(
        settings.TRAINER_PROJECT_SYNC_INTERVAL,
        sender.signature("trainer.dashboard.tasks.projects_sync_all"),
        name="refresh projects and labeling sessions",
    )
    sender.add_periodic_task(
        settings.TRAINER_SYNC_INTERVAL,
        sender.signature("trainer.dashboard.tasks.capture_documents_sync_all"),
        name="sync capture documents in flight",
    )
