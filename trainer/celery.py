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

    sender.add_periodic_task(
        settings.TRAINER_SYNC_INTERVAL,
        sender.signature("trainer.dashboard.tasks.models_sync_all"),
        name="sync in-flight models",
    )
    sender.add_periodic_task(
        settings.TRAINER_SYNC_INTERVAL,
        sender.signature("trainer.dashboard.tasks.sessions_sync_importing"),
        name="sync labeling sessions that import a file",
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
    sender.add_periodic_task(
        settings.TEXTAPI_REAPER_INTERVAL,
        sender.signature("trainer.textapi.tasks.models_reap"),
        name="fail stopped trainings, queue lost ones again (embedded text service)",
    )
    sender.add_periodic_task(
        settings.TEXTAPI_REAPER_INTERVAL,
        sender.signature("trainer.captureapi.tasks.tasks_reap"),
        name="fail stopped captures, queue lost ones again (embedded capture service)",
    )
