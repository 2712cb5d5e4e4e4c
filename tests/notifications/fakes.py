"""Gateways for tests: nothing leaves the machine."""

from __future__ import annotations

import os
import time
from pathlib import Path

from aftersales.notifications.gateways import DatabaseGateway, Result


class FailingGateway:
    calls = 0

    def send(self, message) -> Result:
        FailingGateway.calls += 1
        return Result(False, "HTTP 503 gateway busy")


class RaisingGateway:
    def send(self, message) -> Result:
        raise ConnectionResetError("peer reset")


class SlowDatabaseGateway(DatabaseGateway):
    """The db gateway, slowed down and leaving a trace outside the transaction, so a test can
    kill the worker while a batch is half done (SLOW_GATEWAY_DELAY seconds per send, a file per
    send in SLOW_GATEWAY_TRACE)."""

    def send(self, message) -> Result:
        result = super().send(message)
        trace = os.environ.get("SLOW_GATEWAY_TRACE")
        if trace:
            Path(trace, f"{message.pk}-{os.getpid()}").touch()
        time.sleep(float(os.environ.get("SLOW_GATEWAY_DELAY", "0.05")))
        return result
