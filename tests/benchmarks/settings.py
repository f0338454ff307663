"""The product's settings with the benchmark-only URLconf (a bare "ok" view beside)."""

from trainer.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
