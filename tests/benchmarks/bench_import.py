"""Reading a 49 MiB JSON Lines upload of about 1.2 million small documents:
``corpora.parse`` (the file's bytes in, the whole list out) against
``corpora.read`` (the open file in, each document dropped once given).

Each way runs in a fresh process of its own, one after the other, so its peak
resident memory (ru_maxrss) is its own; "above the start" leaves out the
interpreter and the imports. The seconds count reading the file from the disk
cache too; CPU seconds are the process's own (steadier than the wall clock on
a busy machine). Run it with
``.venv/bin/python -m tests.benchmarks.bench_import`` (about half a minute).
The file is written to a temporary folder and deleted afterwards.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.common import ROOT, print_table

SIZE_BYTES = 49 * 1024 * 1024
WAYS = ("parse", "read")


def write_corpus(path: Path) -> int:
    """Write lines ``{"text": "doc N ok", "classes": ["a"]}`` up to SIZE_BYTES; their count."""
    count = size = 0
    with path.open("wb") as out:
        while True:
            line = b'{"text": "doc %d ok", "classes": ["a"]}\n' % count
            if size + len(line) > SIZE_BYTES:
                return count
            out.write(line)
            size += len(line)
            count += 1


def measure(way: str, path: Path) -> dict:
    """Read ``path`` one way in this process: documents, seconds (wall, CPU), peak memory (MiB)."""
    from trainer.learning import corpora

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), time.process_time()
    if way == "parse":
        documents = len(corpora.parse(path.read_bytes(), format="jsonl"))
    else:
        with path.open("rb") as stream:
            documents = sum(1 for _document in corpora.read(stream, format="jsonl"))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"documents": documents, "seconds": seconds, "cpu": cpu, "peak": peak, "start": before}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="trainer-bench-import-") as folder:
        path = Path(folder) / "big.jsonl"
        lines = write_corpus(path)
        rows = []
        for way in WAYS:
            child = subprocess.run(
                [sys.executable, "-m", "tests.benchmarks.bench_import", way, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(child.stdout)
            assert figures["documents"] == lines, (way, figures, lines)
            rows.append(
                [
                    f"corpora.{way}",
                    f"{figures['documents']:,}",
                    figures["seconds"],
                    figures["cpu"],
                    figures["peak"],
                    figures["peak"] - figures["start"],
                ]
            )
        size = path.stat().st_size / 1024 / 1024
    print_table(
        f"Importing a {size:.0f} MiB JSON Lines file of {lines:,} documents, one process each",
        ["way", "documents", "seconds", "CPU seconds", "peak RSS, MiB", "above the start, MiB"],
        rows,
    )


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))
    else:
        main()
