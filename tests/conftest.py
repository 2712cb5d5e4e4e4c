"""Shared fixtures: two stores, one account per role, logged-in clients, a real browser."""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client

from aftersales.models import Role, StaffMembership, Store, User

from . import testclock

PASSWORD = "pw-for-tests-1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


_moved_clock = None


def pytest_configure(config):
    # make test TEST_NOW="2027-01-31 22:30": the whole run (and the workers it starts) on a moved clock.
    global _moved_clock
    os.environ.pop(testclock.OFFSET_ENV, None)
    moment = testclock.requested(settings.TIME_ZONE)
    if moment is not None:
        _moved_clock = testclock.move_to(moment)


def pytest_unconfigure(config):
    if _moved_clock is not None:
        _moved_clock.stop()


def pytest_report_header(config):
    moment = testclock.requested(settings.TIME_ZONE)
    if moment is None:
        return "clock: the real time (make test TEST_NOW=\"YYYY-MM-DD HH:MM\" moves it, store local time)"
    raw = os.environ[testclock.NOW_ENV].strip()
    return f"clock: moved to {moment.isoformat()} and ticking (reproduce with make test TEST_NOW=\"{raw}\")"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # CI (CI=true, as .ci/run sets it) runs every browser test: a skipped one fails the run.
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true" and item.get_closest_marker("browser"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a browser test may not be skipped in CI: {reason}"


@pytest.fixture(autouse=True)
def _english_off(settings):
    # Tests see the default interface language (zh-hans) unless they switch.
    settings.LANGUAGE_CODE = "zh-hans"


def make_store(code: str, name: str | None = None) -> Store:
    return Store.objects.create(code=code, name=name or f"{code} store", phone="0731-000")


def make_user(username: str, role: str, *stores: Store) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username)
    for store in stores:
        StaffMembership.objects.create(user=user, store=store, role=role)
    return user


@pytest.fixture
def store(db) -> Store:
    return make_store("HX", "黄兴店")


@pytest.fixture
def other_store(db) -> Store:
    return make_store("DT", "东塘店")


@pytest.fixture
def counter(store) -> User:
    return make_user("counter", Role.COUNTER, store)


@pytest.fixture
def manager(store) -> User:
    return make_user("manager", Role.MANAGER, store)


@pytest.fixture
def technician(store) -> User:
    return make_user("technician", Role.TECHNICIAN, store)


@pytest.fixture
def chain_manager(store) -> User:
    return make_user("chain", Role.CHAIN_MANAGER, store)


@pytest.fixture
def other_counter(other_store) -> User:
    return make_user("othercounter", Role.COUNTER, other_store)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def counter_client(counter) -> Client:
    return login(counter)


@pytest.fixture
def manager_client(manager) -> Client:
    return login(manager)


@pytest.fixture
def chain_client(chain_manager) -> Client:
    return login(chain_manager)


# --- real browser -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def _playwright_browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"browser test skipped: Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the same
    # thread are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser, live_server):
    context = _playwright_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    context.close()


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def wait_for_js(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until `expression` is true in the page. (Playwright's wait_for_function evaluates a
    string inside the page, which the Content-Security-Policy forbids: no 'unsafe-eval'.)"""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)
