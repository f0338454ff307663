"""Waiting for something that happens in another process."""

import time

import pytest


def wait_for(predicate, *, timeout: float, interval: float = 0.25):
    """Poll ``predicate`` until it returns something truthy, or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"gave up waiting after {timeout} s")
