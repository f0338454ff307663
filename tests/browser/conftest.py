"""Real Chromium (Debian's /usr/bin/chromium, never a download) driven by Playwright
against the live stack of the end-to-end tests: live server, embedded service, a
real Celery worker and beat on the test database.

Every page opened through :func:`open_page` fails its test on a Content Security
Policy violation, and a failing test leaves a screenshot of each of its pages in
``var/test-screenshots/``.
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Page

from tests.e2e.conftest import celery_stack, live_api  # noqa: F401 - the same live stack
from tests.e2e.waiting import wait_for
from trainer.dashboard.models import LabelingSession, Project
from trainer.ops.demo_data import DEMO_PROJECTS

# Playwright's sync API runs an event loop in the test's thread; the test still
# reads the database synchronously, as every other test does.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "test-screenshots"
DEMO_PASSWORD = "demo"
TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, tmp_path_factory):
    """Debian's Chromium with a throw-away HOME and nothing that calls out."""
    home = tmp_path_factory.mktemp("chromium-home")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "env": {**os.environ, "HOME": str(home)},
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Relative URLs in ``page.goto`` go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def open_page(new_context, request) -> Callable[..., Page]:
    """Open a page in a new browser context (its own cookies: one person; keyword
    arguments such as ``locale``, British English by default, go to Playwright's ``new_context``).

    Console errors that report a CSP violation ("Refused to …") are collected
    and fail the test at teardown.
    """
    violations: list[str] = []
    pages: list[Page] = []
    request.node.stash[PAGES] = pages

    def watch(message) -> None:
        if message.type == "error" and "Refused to" in message.text:
            violations.append(message.text)

    def open_(**context_options) -> Page:
        context: BrowserContext = new_context(**{"locale": "en-GB", **context_options})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("console", watch)
        pages.append(page)
        return page

    yield open_
    assert not violations, f"Content Security Policy violations: {violations}"


PAGES = pytest.StashKey[list]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Screenshot every page of a failing test (the pages are still open here)."""
    report = yield
    if report.when == "call" and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(item.stash.get(PAGES, [])):
            path = SCREENSHOTS / f"{item.name}-{number}.png"
            try:
                page.screenshot(path=path, full_page=True)
            except Exception as exc:  # a closed page must not hide the failure
                report.sections.append(("screenshot", f"{path}: {exc}"))
            else:
                report.sections.append(("screenshot", str(path)))
    return report


@pytest.fixture
def demo(celery_stack):  # noqa: F811 - the fixture imported above
    """The demo data, with the project's labeling sessions synced by the worker."""
    call_command("demo", "--yes")
    project = Project.objects.get(name="Customer support")
    [demo_project] = [demo for demo in DEMO_PROJECTS if demo.name == project.name]
    sessions = len(demo_project.sessions)
    wait_for(
        lambda: LabelingSession.objects.filter(project=project).count() == sessions, timeout=60
    )
    return project


@pytest.fixture
def page_as(open_page) -> Callable[[str], Page]:
    """A page of a new browser context, logged in as ``username`` through the login form."""

    def log_in(username: str) -> Page:
        assert get_user_model().objects.filter(username=username).exists()
        page = open_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("/")
        return page

    return log_in
