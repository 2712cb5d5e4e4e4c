"""Django's PBKDF2 hasher, unchanged in strength, with password checks queued per process.

A check costs about 0.2 s of CPU on purpose (Django's iteration count). At a shift change thirty
staff log in within seconds: run side by side, those checks take every core and every page of
everyone already at work waits behind them. Queued here, one process hashes one password at a
time (LOGIN_HASH_SLOTS), the other threads and cores keep serving pages, and the logins finish
in the same total time (the CPU work is the same), one after another.
"""

from __future__ import annotations

import threading

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from . import sizing

_slots = threading.BoundedSemaphore(sizing.hash_slots())


class QueuedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Same algorithm name and iterations as Django's: stored hashes are unchanged and portable."""

    def encode(self, password, salt, iterations=None):
        with _slots:
            return super().encode(password, salt, iterations)
