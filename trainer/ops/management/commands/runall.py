"""Run the web server, the Celery workers and Celery beat together in the foreground."""

import os
import shlex
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from honcho.manager import Manager


class Command(BaseCommand):
    help = (
        "Start the web server, a sync worker, a training worker and beat together; "
        "Ctrl-C stops them all. With --prod the web server is gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--prod",
            action="store_true",
            help="Serve with gunicorn (WEB_CONCURRENCY workers, default 2 per CPU + 1) "
            "instead of Django's development server.",
        )

    def handle(self, *args, host: str, port: int, prod: bool, **options):
        python = shlex.quote(sys.executable)
        celery = f"{python} -m celery -A trainer"
        quiet = "--without-gossip --without-mingle --without-heartbeat"
        env = os.environ | {"PORT": str(port), "PYTHONUNBUFFERED": "1"}
        if prod:
            workers = os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1
            web = f"{python} -m gunicorn trainer.wsgi --bind {host}:{port} --workers {workers}"
        else:
            web = f"{python} manage.py runserver {host}:{port} --noreload"
        manager = Manager()
        manager.add_process("web", web, env=env)
        manager.add_process(
            "sync", f"{celery} worker -Q sync -n sync@%h -c 2 -l info {quiet}", env=env
        )
        manager.add_process(
            "training", f"{celery} worker -Q training -n training@%h -c 1 -l info {quiet}", env=env
        )
        manager.add_process("beat", f"{celery} beat -l info", env=env)
        self.stdout.write(
            self.style.SUCCESS(f"Trainer runs at http://{host}:{port}/ — Ctrl-C stops it.")
        )
        manager.loop()
        sys.exit(manager.returncode)
