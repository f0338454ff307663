"""Run the web server, the Celery workers and Celery beat together, under supervisord.

supervisord (the ``supervisor`` package) starts the five processes (web; the sync,
training and background workers; beat), restarts one that
dies (at once; with a growing pause, 1 s, 2 s, 3 s…, while it keeps dying within
``STARTSECS`` of its start, and gives up after ``STARTRETRIES`` such tries), logs why
each one ended, and keeps the others serving meanwhile. Ctrl-C (or SIGTERM) stops
them all: each gets SIGTERM and stops its own children; one still running after
``STOPWAITSECS`` gets SIGKILL with its children (``killasgroup``).

Each process, and supervisord itself, runs under ``setpriv --pdeathsig TERM``
(util-linux): if its parent is killed outright (``kill -9`` of ``make run``, of
supervisord), it is told to stop too, so no worker outlives the runner.

While it runs, ``supervisorctl -c var/run/supervisord.conf status`` shows the
processes, and ``… restart sync`` restarts one.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

# A process that ends within STARTSECS of its start did not start: it is tried again
# after a pause one second longer each time, STARTRETRIES times, then left FATAL (and
# logged) while the others go on. One that ran longer is restarted at once.
STARTSECS = 5
STARTRETRIES = 10
# How long a process may take to stop before it and its children get SIGKILL; a
# worker's training is cut short (the embedded service's reaper queues it again).
STOPWAITSECS = 10


def _die_with_parent(command: list[str]) -> list[str]:
    """``command`` under ``setpriv --pdeathsig TERM``, where util-linux is there."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--", *command] if setpriv else command


def _programs(*, host: str, port: int, prod: bool) -> dict[str, list[str]]:
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "trainer"]
    quiet = ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    if prod:
        workers = os.environ.get("WEB_CONCURRENCY") or str(2 * (os.cpu_count() or 1) + 1)
        web = [python, "-m", "gunicorn", "trainer.wsgi", "--bind", f"{host}:{port}"]
        web += ["--workers", workers]
    else:
        web = [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"]
    return {
        "web": web,
        # The sync worker and beat act every few seconds: their INFO lines would
        # scroll everything else away, so they say only warnings and errors.
        "sync": [*celery, "worker", "-Q", "sync", "-n", "sync@%h", "-c", "2", "-l", "warning"]
        + quiet,
        "training": [*celery, "worker", "-Q", "training", "-n", "training@%h", "-c", "1"]
        + ["-l", "info", *quiet],
        # Document captures and labeled-data imports, never behind a long training.
        "background": [*celery, "worker", "-Q", "capture,imports", "-n", "background@%h"]
        + ["-c", "2", "-l", "info", *quiet],
        "beat": [*celery, "beat", "-l", "warning"],
    }


def supervisord_config(*, run_dir: Path, programs: dict[str, list[str]]) -> str:
    """The supervisord configuration: every process's output on supervisord's own
    standard output, supervisorctl on a socket in ``run_dir``."""

    def line(command: list[str]) -> str:
        return shlex.join(_die_with_parent(command)).replace("%", "%%")  # ini interpolation

    sections = [
        "[supervisord]",
        "nodaemon=true",
        "logfile=/dev/stdout",
        "logfile_maxbytes=0",
        "loglevel=info",
        f"pidfile={run_dir / 'supervisord.pid'}",
        f"childlogdir={run_dir}",
        "",
        "[unix_http_server]",
        f"file={run_dir / 'supervisor.sock'}",
        "chmod=0700",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{run_dir / 'supervisor.sock'}",
    ]
    for name, command in programs.items():
        sections += [
            "",
            f"[program:{name}]",
            f"command={line(command)}",
            f"directory={settings.BASE_DIR}",
            "autorestart=true",
            f"startsecs={STARTSECS}",
            f"startretries={STARTRETRIES}",
            "killasgroup=true",
            f"stopwaitsecs={STOPWAITSECS}",
            "redirect_stderr=true",
            "stdout_logfile=/dev/stdout",
            "stdout_logfile_maxbytes=0",
        ]
    return "\n".join(sections) + "\n"


class Command(BaseCommand):
    help = (
        "Start the web server, the sync, training and background workers and beat under "
        "supervisord, "
        "which restarts any that dies; Ctrl-C stops them all. With --prod the web server "
        "is gunicorn."
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
        run_dir = settings.VAR_DIR / "run"
        run_dir.mkdir(parents=True, exist_ok=True)
        config = run_dir / "supervisord.conf"
        config.write_text(
            supervisord_config(run_dir=run_dir, programs=_programs(host=host, port=port, prod=prod))
        )
        os.environ.update({"PORT": str(port), "PYTHONUNBUFFERED": "1"})
        self.stdout.write(
            self.style.SUCCESS(f"Trainer runs at http://{host}:{port}/ — Ctrl-C stops it.")
        )
        supervisorctl = Path(sys.executable).parent / "supervisorctl"
        self.stdout.write(f"Its processes: {supervisorctl} -c {config} status")
        self.stdout.flush()
        supervisord = [sys.executable, "-m", "supervisor.supervisord", "-c", str(config)]
        command = _die_with_parent(supervisord)
        os.execv(command[0], command)  # noqa: S606 - our own interpreter and arguments
