import pytest
from django.utils import timezone

from aftersales.notifications import sweeps
from aftersales.notifications.models import Message, Status, SweepRun
from tests.notifications.helpers import to

from .conftest import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_sweep():
    """A sweep over queued messages with a handler the test sets."""
    state = {"handler": None}

    def handle(rows, *, now):
        return state["handler"](rows, now=now)

    sweeps.sweep(name="tests.sweep", label="test", due=lambda now: Message.objects.filter(status=Status.QUEUED).order_by("pk"))(handle)
    yield state
    sweeps._registry.pop("tests.sweep")


def _messages(store, n):
    customer = make_customer(store)
    for i in range(n):
        Message.objects.create(**to(customer), store=store, kind="birthday", language="zh-hans", body="x", dedupe_key=f"t:{i}")


def test_a_failing_batch_rolls_back_is_recorded_and_stops_the_run(store, test_sweep):
    _messages(store, 4)

    def handler(rows, *, now):
        Message.objects.filter(pk__in=[r.pk for r in rows]).update(status=Status.SENT)
        if any(r.dedupe_key == "t:3" for r in rows):
            raise ValueError("bad row t:3")
        return len(rows)

    test_sweep["handler"] = handler
    run = sweeps.run("tests.sweep", batch_size=2)
    assert (run.processed, run.batches, run.errors) == (2, 1, 1)
    assert run.error_text == "ValueError: bad row t:3" and run.finished_at is not None
    assert Message.objects.filter(status=Status.QUEUED).count() == 2  # the failed batch rolled back


def test_a_handler_that_leaves_rows_due_is_stopped_not_looped(store, test_sweep):
    _messages(store, 2)
    test_sweep["handler"] = lambda rows, *, now: len(rows)
    run = sweeps.run("tests.sweep", batch_size=5)
    assert run.errors == 1 and "still due" in run.error_text and run.processed == 1 * 2


def test_run_sweep_task_runs_the_named_sweep(store, test_sweep):
    from aftersales.notifications.tasks import run_sweep

    _messages(store, 3)

    def handler(rows, *, now):
        Message.objects.filter(pk__in=[r.pk for r in rows]).update(status=Status.SENT, sent_at=timezone.now())
        return len(rows)

    test_sweep["handler"] = handler
    assert run_sweep("tests.sweep") == 3
    assert SweepRun.objects.get(name="tests.sweep").processed == 3


def test_an_unknown_sweep_is_an_error():
    with pytest.raises(sweeps.UnknownSweep):
        sweeps.run("no.such.sweep")


def test_beat_runs_both_outbox_sweeps_every_few_minutes(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    entries = {e["args"][0]: e for e in schedule.values() if e["task"] == "notifications.run_sweep"}
    assert {"notifications.release_waiting", "notifications.retry_failed"} <= set(entries)
    assert all(60 <= e["schedule"] <= 3600 for e in entries.values())
    assert all(name in {s.name for s in sweeps.registered()} for name in entries)
