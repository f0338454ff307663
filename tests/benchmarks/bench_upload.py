"""The big legal upload, end to end through the embedded text service: a 49 MiB JSON
Lines file of about 1.2 million tiny documents (under the 50 MB limit) streamed by
the dashboard's client to ``POST /projects/{id}/annotations/upload`` on gunicorn (one
worker), then imported by the worker's task, then the project's sessions listed and
the session deleted.

The web figures are the gunicorn worker's peak resident memory (VmHWM), and that
above what it held before the upload; the import runs in a fresh process of its own
(as a worker's task would), its peak (ru_maxrss), and that above its start (Django
and the imports loaded). Run it with
``.venv/bin/python -m tests.benchmarks.bench_upload`` (the prod extra: gunicorn).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.bench_import import write_corpus
from tests.benchmarks.common import ROOT, django_setup, gunicorn, peak_rss_mib, print_table


def _resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def import_in_this_process(session_id: int) -> dict:
    """The worker's task on ``session_id`` (Django set up): seconds and memory."""
    from trainer.textapi import labeling
    from trainer.textapi.models import LabelingSession

    start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    labeling.labeling_session_import_run(session_id=session_id)
    seconds = time.perf_counter() - started
    session = LabelingSession.objects.get(pk=session_id)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "peak": peak,
        "above": peak - start,
        "outcome": f"{session.status}, {session.document_count:,} documents",
    }


def main() -> None:
    var = django_setup()
    from django.contrib.auth import get_user_model

    from trainer.apiclient.deepopinion import DeepOpinionClient
    from trainer.textapi import services
    from trainer.textapi.models import Role

    user = get_user_model().objects.create_user("uploader")
    project = services.project_create(name="Uploads")
    services.member_set(project=project, user=user, role=Role.MANAGER)
    _token, raw = services.token_create(user=user, name="bench")
    corpus = var / "big.jsonl"
    documents = write_corpus(corpus)
    rows = []
    with gunicorn(workers=1) as (url, server):
        client = DeepOpinionClient(base_url=f"{url}/api/text/", token=raw, read_timeout=600)
        worker = next(pid for pid in _children(server.pid))
        before = _resident_mib(worker)
        started = time.perf_counter()
        with corpus.open("rb") as file:
            session = client.upload_session(project.pk, file=file, filename="big.jsonl")
        seconds = time.perf_counter() - started
        peak = peak_rss_mib(worker)
        rows.append(["upload (web)", session.status, seconds, peak, peak - before])

        child = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.bench_upload", str(session.id)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(child.stdout.splitlines()[-1])
        rows.append(
            [
                "import (worker)",
                figures["outcome"],
                figures["seconds"],
                figures["peak"],
                figures["above"],
            ]
        )

        for name, call in (
            ("list sessions", lambda: client.list_sessions(project.pk)),
            ("delete the session", lambda: client.delete_session(project.pk, session.id)),
        ):
            started = time.perf_counter()
            call()
            rows.append([name, "done", time.perf_counter() - started, "–", "–"])
    size = corpus.stat().st_size / 1024 / 1024
    print_table(
        f"A {size:.0f} MiB JSON Lines upload of {documents:,} documents through the text API",
        ["step", "outcome", "seconds", "peak RSS, MiB", "above the start, MiB"],
        rows,
    )


def _children(pid: int) -> list[int]:
    """The direct children of ``pid`` (gunicorn's workers)."""
    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit()
        and (entry / "stat").exists()
        and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid
    ]


if __name__ == "__main__":
    if len(sys.argv) == 2:
        import django

        django.setup()
        print(json.dumps(import_in_this_process(int(sys.argv[1]))))
    else:
        main()
