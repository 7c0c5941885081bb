"""Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
# The flags the workplace requires: no sandbox as root, no GPU, and no background traffic to
# hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _flushable_audit_table(django_db_setup: None, django_db_blocker: Any) -> None:
    """Let the live-server tests' database flush empty the append-only audit table.

    The guards come back in pytest_runtest_teardown below, after the flush, for the tests
    that follow.
    """
    from django.db import connection

    from regenpath.audit.guards import remove_guards

    with django_db_blocker.unblock():
        remove_guards(connection)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    try:
        return (yield)
    finally:
        # After the last test the test database is already gone; nothing needs the guards.
        if nextitem is not None:
            _reinstall_guards(item)


def _reinstall_guards(item: pytest.Item) -> None:
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    from regenpath.audit.guards import install_guards

    with item.config.stash[blocking_manager_key].unblock():
        install_guards(connection)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/ensure-system-packages (apt package chromium)"
        )
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests
    # make between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})  # a tablet, landscape
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
