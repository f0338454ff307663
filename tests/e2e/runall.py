"""``manage.py runall`` (supervisord and its processes) started by a test, and a free
port to run it on."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import requests

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Runner:
    """``manage.py runall`` in a process group of its own, and supervisorctl to it."""

    def __init__(self, *, port: int, env: dict[str, str], var_dir: Path | str, log: Path) -> None:
        self.port = port
        self.env = env
        self.log = log
        self.config = Path(var_dir) / "run" / "supervisord.conf"
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "manage.py", "runall", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def ctl(self, *arguments: str) -> str:
        supervisorctl = Path(sys.executable).parent / "supervisorctl"
        result = subprocess.run(  # noqa: S603 - our own tool and arguments
            [supervisorctl, "-c", str(self.config), *arguments],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        return result.stdout

    def pids(self) -> dict[str, int]:
        """The pid of each RUNNING process (a process starting or backing off has none)."""
        running = {}
        for line in self.ctl("status").splitlines():
            name, state, *rest = line.split()
            if state == "RUNNING":
                running[name] = int(rest[1].rstrip(","))
        return running

    def serves(self) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{self.port}/accounts/login/", timeout=2).ok
        except requests.RequestException:
            return False

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
