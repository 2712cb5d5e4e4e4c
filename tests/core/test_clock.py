"""The one clock (aftersales.clock), the 民法典 month arithmetic, and the run's moved clock (TEST_NOW)."""

import re
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from aftersales import clock
from aftersales.policy.deadlines import add_months, add_years
from tests import testclock

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_today_is_the_stores_calendar_day_not_utcs():
    # 00:30 on 1 February in the stores is still 31 January in UTC.
    with time_machine.travel(datetime(2027, 2, 1, 0, 30, tzinfo=SHANGHAI), tick=False):
        assert clock.today() == date(2027, 2, 1)
        assert clock.today(ZoneInfo("UTC")) == date(2027, 1, 31)
        assert clock.now() == datetime(2027, 1, 31, 16, 30, tzinfo=ZoneInfo("UTC"))
        assert clock.localnow().hour == 0 and clock.localnow().tzinfo is not None


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),     # no 31 February: that month's last day
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2027, 3, 31), -1, date(2027, 2, 28)),
    (date(2026, 12, 31), 1, date(2027, 1, 31)),    # across New Year
    (date(2027, 1, 15), -13, date(2025, 12, 15)),
])
def test_add_months_ends_on_the_same_numbered_day_or_the_months_last(start, months, end):
    assert add_months(start, months) == end


@pytest.mark.parametrize(("start", "years", "end"), [
    (date(2028, 2, 29), 1, date(2029, 2, 28)),
    (date(2028, 2, 29), 4, date(2032, 2, 29)),
    (date(2028, 2, 29), -1, date(2027, 2, 28)),
    (date(2027, 6, 1), 1, date(2028, 6, 1)),
])
def test_add_years_never_fails_on_29_february(start, years, end):
    assert add_years(start, years) == end


def _python_files(*dirs: str):
    for name in dirs:
        yield from (p for p in (ROOT / name).rglob("*.py") if "migrations" not in p.parts)


def test_no_code_reads_a_clock_of_its_own_or_replaces_a_year():
    app_dirs = ("aftersales", "customers", "repairs", "tradein", "tickets", "bench")
    naive = re.compile(r"\bdate\.today\(\)|\bdatetime\.(now|utcnow|today)\(")
    year = re.compile(r"\.replace\([^)]*\byear=")
    offenders = [f"{p.relative_to(ROOT)}: clock" for p in _python_files(*app_dirs) if naive.search(p.read_text())]
    offenders += [f"{p.relative_to(ROOT)}: replace(year=)" for p in _python_files(*app_dirs, "tests") if year.search(p.read_text())]
    assert offenders == []


def test_the_run_is_on_the_clock_test_now_names():
    moment = testclock.requested(settings.TIME_ZONE)
    if moment is None:
        assert not time_machine.escape_hatch.is_travelling()
        assert abs(clock.now().timestamp() - time.time()) < 5
        return
    # Moved when the session started and ticking since: a few hours at most on a slow machine.
    assert moment <= clock.now() <= moment + timedelta(hours=6)
    assert clock.now() > timezone.now() - timedelta(seconds=5)


def test_a_frozen_test_inside_the_moved_run_gets_its_own_instant_and_then_the_run_clock_again():
    before = clock.now()
    frozen = datetime(2028, 2, 29, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(frozen, tick=False):
        time.sleep(0.01)
        assert clock.now() == frozen and clock.today() == date(2028, 2, 29)
    after = clock.now()
    assert before <= after < before + timedelta(minutes=5)


def test_a_subprocess_started_through_testclock_shares_the_runs_clock():
    result = subprocess.run(
        [sys.executable, "-m", "tests.testclock", "-c", "import time; print(time.time())"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    assert abs(float(result.stdout) - time.time()) < 60
