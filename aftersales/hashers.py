"""Django's PBKDF2 hasher, unchanged in strength, with password checks queued per process.

A check costs about 0.2 s of CPU on purpose (Django's iteration count). At a shift change thirty
staff log in within seconds: run side by side, those checks take every core and every page of
everyone already at work waits behind them. Here each web process hands its checks to one
thread of its own (LOGIN_HASH_SLOTS) running at a lower CPU priority: the checks take turns,
a page that needs the core gets most of it, and the logins finish in about the same total time
(the CPU work is the same). A login waits for its turn in a request thread, so a process needs
more threads than the logins that can arrive at once (aftersales.sizing.web_threads).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from . import sizing

logger = logging.getLogger(__name__)

# Background priority, as the Celery worker's: a page thread gets about 3/4 of a core it shares
# with a check. (Lower still, the checks would starve whenever anything else keeps the CPU busy.)
HASH_NICENESS = 5


def _lower_priority() -> None:
    # On Linux a thread is a task with its own nice value: this lowers the hashing thread only.
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)
        except OSError:  # a sandbox may refuse; checks then run at normal priority, logins still work
            logger.warning("could not lower the password-check thread's priority", exc_info=True)


_hashing = ThreadPoolExecutor(max_workers=sizing.hash_slots(), thread_name_prefix="password-check", initializer=_lower_priority)


class QueuedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Same algorithm name and iterations as Django's: stored hashes are unchanged and portable."""

    def encode(self, password, salt, iterations=None):
        return _hashing.submit(super().encode, password, salt, iterations).result()
