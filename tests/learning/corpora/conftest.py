"""Shared helpers of the corpus parser tests: the fixture files and the real data."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[2] / "fixtures" / "corpora"
SHARED_DATA = (Path(__file__).parents[3] / ".." / "shared" / "data").resolve()


@pytest.fixture
def corpus_file():
    """Return the bytes of a file in tests/fixtures/corpora."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read
