"""The test run's moved clock: `make test TEST_NOW="2027-01-31 22:30"` (store local time).

pytest moves its own clock when the session starts (tests/conftest.py) and the clock keeps
ticking from there; tests that name a date still freeze it inside (time_machine.travel(...,
tick=False)). The offset from the real time goes into the environment (TEST_CLOCK_OFFSET,
seconds), so a subprocess a test starts runs on the same moved clock, to the second:

    python -m tests.testclock -m celery -A aftersales worker ...
    python -m tests.testclock -c "import time; print(time.time())"
"""

from __future__ import annotations

import os
import runpy
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

NOW_ENV = "TEST_NOW"
OFFSET_ENV = "TEST_CLOCK_OFFSET"


def requested(tz_name: str) -> datetime | None:
    """The instant TEST_NOW names: "YYYY-MM-DD HH:MM[:SS]" in store local time, or with an offset."""
    value = os.environ.get(NOW_ENV, "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz_name))


def move_to(moment: datetime) -> time_machine.travel:
    """Move this process's clock to `moment`, ticking, and tell child processes the offset."""
    os.environ[OFFSET_ENV] = repr(moment.timestamp() - time.time())
    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    return traveller


def follow_parent() -> time_machine.travel | None:
    """In a child process: take the parent's moved clock, if it has one."""
    offset = os.environ.get(OFFSET_ENV)
    if not offset:
        return None
    traveller = time_machine.travel(time.time() + float(offset), tick=True)
    traveller.start()
    return traveller


if __name__ == "__main__":
    # python -m tests.testclock -m <module> args... (or -c <code>): run it on the parent's moved clock.
    if sys.argv[1:2] not in (["-m"], ["-c"]) or len(sys.argv) < 3:
        sys.exit("usage: python -m tests.testclock -m <module> [args...] | -c <code>")
    follow_parent()
    option, target = sys.argv[1], sys.argv[2]
    if option == "-c":
        sys.argv = ["-c", *sys.argv[3:]]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = [target, *sys.argv[3:]]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
