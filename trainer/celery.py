"""The Celery app and its one beat schedule."""

import os
import time
import uuid

from celery import Celery
from kombu import transport
from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.json import dumps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")


class AtomicFilesystemChannel(filesystem.Channel):
    """kombu's filesystem channel opens a message under its final name and then
    writes it, so a consumer may take it empty and die on the JSON (losing it);
    here a message is written under a hidden name and renamed into place whole."""

    def _put(self, queue, payload, **kwargs) -> None:
        name = f"{round(time.monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        partial = os.path.join(self.data_folder_out, f".{uuid.uuid4()}.partial")
        try:
            with open(partial, "wb") as file:
                file.write(dumps(payload).encode())
            os.replace(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise ChannelError(f"Cannot add a message to {self.data_folder_out!r}") from exc


class AtomicFilesystemTransport(filesystem.Transport):
    Channel = AtomicFilesystemChannel


# The embedded default's broker ("filesystem://") uses the channel above.
transport.TRANSPORT_ALIASES["filesystem"] = "trainer.celery:AtomicFilesystemTransport"

app = Celery("trainer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def setup_periodic_tasks(sender: Celery, **kwargs) -> None:
    from django.conf import settings

    periodic = [
        (
            settings.TRAINER_SYNC_INTERVAL,
            "dashboard.tasks.models_sync_all",
            "sync in-flight models",
        ),
        (
            settings.TRAINER_SYNC_INTERVAL,
            "dashboard.tasks.sessions_sync_importing",
            "sync labeling sessions that import a file",
        ),
        (
            settings.TRAINER_PROJECT_SYNC_INTERVAL,
            "dashboard.tasks.projects_sync_all",
            "refresh projects and labeling sessions",
        ),
        (
            settings.TRAINER_SYNC_INTERVAL,
            "dashboard.tasks.capture_documents_sync_all",
            "sync capture documents in flight",
        ),
        (
            settings.TEXTAPI_REAPER_INTERVAL,
            "dashboard.tasks.staged_uploads_sweep",
            "delete the files kept after refused uploads, once too old",
        ),
        (
            settings.TEXTAPI_REAPER_INTERVAL,
            "textapi.tasks.models_reap",
            "queue again stopped trainings and lost ones (embedded text service)",
        ),
        (
            settings.TEXTAPI_REAPER_INTERVAL,
            "textapi.tasks.labeling_sessions_reap",
            "queue again stopped imports and lost ones (embedded text service)",
        ),
        (
            settings.TEXTAPI_REAPER_INTERVAL,
            "captureapi.tasks.tasks_reap",
            "fail stopped captures, queue lost ones again (embedded capture service)",
        ),
    ]
    # Each message expires when the next one is sent: a worker that was stopped or
    # behind finds one pass to do, not a backlog of passes.
    for seconds, task, name in periodic:
        sender.add_periodic_task(
            seconds, sender.signature(f"trainer.{task}"), name=name, expires=seconds
        )
