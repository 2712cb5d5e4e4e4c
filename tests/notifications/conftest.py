from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from aftersales.celery import app as celery_app
from customers.models import Customer

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, store local time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def make_customer(store, *, name="王丽", phone="+8613812345678", consent=False) -> Customer:
    return Customer.objects.create(name=name, phone=phone, phone_last4=phone[-4:], home_store=store, marketing_consent=consent)


@pytest.fixture
def customer(store) -> Customer:
    return make_customer(store)


@pytest.fixture
def consenting(store) -> Customer:
    return make_customer(store, name="李娜", phone="+8613900001111", consent=True)


@pytest.fixture
def eager():
    """Tasks run in the test's process when their on-commit callback fires."""
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old


@pytest.fixture
def db_gateway(settings):
    settings.SMS_GATEWAY = "db"
    settings.QUIET_HOURS = "21:00-09:00"
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_MINUTES = 10
    return settings


# Real-worker fixtures (see workers.py).
from .workers import shared_db, sqlite_template, start_worker  # noqa: E402, F401
