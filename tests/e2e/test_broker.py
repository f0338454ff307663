"""The embedded default's broker (files in a folder): a consumer never finds a
message half written, which would stop the worker and lose the message."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from trainer.celery import AtomicFilesystemTransport
from trainer.celery import app as celery_app

from .conftest import broker_purge

pytestmark = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("filesystem://"), reason="a file broker only"
)


def test_the_file_broker_is_the_one_that_writes_messages_whole():
    with celery_app.connection_for_write() as broker:
        assert isinstance(broker.transport, AtomicFilesystemTransport)


def test_a_message_sent_is_in_the_queue_whole_and_nothing_partial_is_left():
    broker_purge()
    folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])

    celery_app.send_task("trainer.dashboard.tasks.models_sync_all")

    try:
        [message] = folder.glob("*.sync.msg")
        body = json.loads(message.read_text())
        assert body["headers"]["task"] == "trainer.dashboard.tasks.models_sync_all"
        assert not list(folder.glob(".*.partial"))
    finally:
        broker_purge()
