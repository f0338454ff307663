"""What the benchmarks share: a scratch database, servers on 127.0.0.1, bounded load.

Every load loop stops at a number of requests *and* at a time limit, whichever
comes first. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.benchmarks.settings"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def django_setup() -> Path:
    """Django on a fresh scratch database: SQLite in a temporary folder, or the
    (local only) PostgreSQL of DATABASE_URL, emptied. Returns the var folder."""
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url and urlsplit(database_url).hostname not in LOCAL_HOSTS:
        sys.exit("The benchmarks empty their database: give them one on 127.0.0.1 only.")
    var = Path(tempfile.mkdtemp(prefix="trainer-bench-"))
    os.environ["TRAINER_VAR_DIR"] = str(var)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("TRAINER_API_TOKEN", "bench-service-token")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    return var


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def web_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextmanager
def gunicorn(*, workers: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn serving the benchmark settings on a free port of 127.0.0.1."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "trainer.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers or web_workers()),
        "--log-level",
        "warning",
    ]
    env = os.environ | {"PORT": str(port)}
    with spawned(command, env=env) as process:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}", process


@contextmanager
def spawned(command: list[str], *, env: dict | None = None) -> Iterator[subprocess.Popen]:
    """A child process, stopped (TERM, then KILL) on the way out."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)  # noqa: S603
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_in_flight_models(*, account, projects: int, per_project: int, name: str) -> None:
    """``projects`` projects of ``per_project`` TRAINING models each, at the embedded
    service (``account`` a manager there) and mirrored, QUEUED, in the dashboard."""
    from trainer.dashboard.models import Project, TrainedModel
    from trainer.textapi import services as textapi
    from trainer.textapi.models import Role, Status, TextModel

    for number in range(projects):
        remote = textapi.project_create(name=f"{name} #{number}")
        textapi.member_set(project=remote, user=account, role=Role.MANAGER)
        local = Project.objects.create(remote_id=remote.pk, name=remote.name)
        created = TextModel.objects.bulk_create(
            TextModel(
                project=remote,
                name=f"m-{remote.pk}-{n}",
                type="CLASS",
                language="en",
                status=Status.TRAINING,
                progress=10.0,
            )
            for n in range(per_project)
        )
        TrainedModel.objects.bulk_create(
            TrainedModel(
                project=local,
                remote_id=model.pk,
                name=model.name,
                type="CLASS",
                language="en",
                status=Status.QUEUED,
            )
            for model in created
        )


# -- load --------------------------------------------------------------------------------


@dataclass
class Load:
    requests: int
    seconds: float
    statuses: Counter
    latencies: list[float]
    server_cpu: float = 0.0  # seconds of CPU the server's processes spent meanwhile

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def server_cpu_ms(self) -> float:
        """The server's CPU time per request, ms: steadier than the rate on a shared
        machine, since other work there does not count."""
        return self.server_cpu / self.requests * 1000

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 50) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 95) * 1000


def side_by_side(
    base: str,
    scenarios: dict[str, Callable[[], list[Target]]],
    *,
    rounds: int,
    seconds: float,
    **options,
) -> dict[str, Load]:
    """Every scenario in turn for ``seconds``, ``rounds`` times over, so that whatever
    else the machine does weighs on all alike; the loads of each scenario summed. A
    scenario makes its targets afresh for each turn (the ETags of an unchanged state,
    say, which the age shown in minutes changes)."""
    totals = {name: Load(0, 0.0, Counter(), []) for name in scenarios}
    for _round in range(rounds):
        for name, targets in scenarios.items():
            load = hammer(base, targets(), seconds=seconds, **options)
            total = totals[name]
            total.requests += load.requests
            total.seconds += load.seconds
            total.statuses += load.statuses
            total.latencies += load.latencies
            total.server_cpu += load.server_cpu
    return totals


def percentile(values: list[float], percent: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(percent) - 1]


Target = tuple[str, dict]  # a path and its request headers


def _client_thread(
    base: str,
    targets: list[Target],
    quota: int,
    deadline: float,
    latencies: list[float],
    statuses: Counter,
) -> None:
    parts = urlsplit(base)
    for number in range(quota):
        if time.monotonic() >= deadline:
            return
        path, headers = targets[number % len(targets)]
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        statuses[response.status] += 1
        connection.close()


def _client_process(args: tuple) -> tuple[list[float], Counter]:
    base, targets, threads, quota, seconds = args
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    statuses: Counter = Counter()
    pool = [
        threading.Thread(
            target=_client_thread,
            args=(base, targets[n::threads] or targets, quota, deadline, latencies, statuses),
        )
        for n in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, statuses


def hammer(
    base: str,
    targets: list[Target],
    *,
    clients: int = 16,
    max_requests: int = 20_000,
    seconds: float = 5.0,
    processes: int = 2,
    server: subprocess.Popen | None = None,
) -> Load:
    """``clients`` concurrent pollers (threads in ``processes`` processes) GET the
    targets round-robin, on a new connection each time, until ``max_requests`` in
    all or ``seconds`` have passed; with ``server``, the CPU time its processes spent."""
    threads = max(1, clients // processes)
    quota = max(1, max_requests // (threads * processes))
    jobs = [
        (base, targets[n::processes] or targets, threads, quota, seconds) for n in range(processes)
    ]
    server_pids = process_tree(server.pid) if server else []
    cpu_before = cpu_seconds(server_pids)
    started = time.perf_counter()
    with Pool(processes) as pool:
        results = pool.map(_client_process, jobs)
    elapsed = time.perf_counter() - started
    server_cpu = cpu_seconds(server_pids) - cpu_before
    latencies = [value for values, _statuses in results for value in values]
    statuses = sum((counts for _latencies, counts in results), Counter())
    return Load(len(latencies), elapsed, statuses, latencies, server_cpu)


# -- memory ------------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far, seconds (Linux /proc)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pss_mib(pid: int) -> float:
    """The process's share of resident memory now (Pss: a page shared by n processes
    counts 1/n in each), MiB."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


# -- output ------------------------------------------------------------------------------


def print_table(title: str, header: list[str], rows: list[list]) -> None:
    cells = [header, *[[_cell(value) for value in row] for row in rows]]
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in cells[1:]:
        print("| " + " | ".join(row) + " |")
    sys.stdout.flush()


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)
