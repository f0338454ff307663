"""How long the parsers take over the real public data in ``../shared/data``: each
file of ``REAL_FILES`` (format detected from its bytes), and each ``LABEL text``
file (SST-2, TREC) once converted to CSV. The bar is two seconds a file; the
parsers' real behaviour on these files is tested in
``tests/learning/corpora/test_real_data.py``.

Run it with ``.venv/bin/python -m tests.benchmarks.bench_parse_real`` (a few
seconds). Seconds are the wall clock, CPU seconds the process's own (steadier on
a busy machine).
"""

from __future__ import annotations

import time

from tests.benchmarks.common import print_table
from tests.learning.corpora.conftest import (
    LABEL_LINE_FILES,
    REAL_FILES,
    SHARED_DATA,
    label_lines_as_csv,
)
from trainer.learning.corpora import parse

BAR_SECONDS = 2.0


def _timed(data: bytes, filename: str) -> list:
    started, cpu_started = time.perf_counter(), time.process_time()
    documents = parse(data, filename=filename)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return [f"{len(documents):,}", seconds, cpu, "yes" if seconds < BAR_SECONDS else "NO"]


def main() -> None:
    if not SHARED_DATA.is_dir():
        print(f"No development data at {SHARED_DATA}: nothing to benchmark.")
        return
    rows = []
    for relative in REAL_FILES:
        path = SHARED_DATA / relative
        rows.append([relative, *_timed(path.read_bytes(), path.name)])
    for relative, encoding in LABEL_LINE_FILES:
        converted = label_lines_as_csv((SHARED_DATA / relative).read_bytes(), encoding)
        rows.append([f"{relative} (as CSV)", *_timed(converted, "converted.csv")])
    print_table(
        f"Parsing the real data of {SHARED_DATA}",
        ["file", "documents", "seconds", "CPU seconds", f"under {BAR_SECONDS:.0f} s"],
        rows,
    )


if __name__ == "__main__":
    main()
