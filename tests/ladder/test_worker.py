"""The expiry sweep with real Celery workers (subprocesses): on Redis when REDIS_URL is set, else on
the embedded filesystem broker. Each order is moved once and each final notice sent once, even when
a worker is killed in the middle of a batch or two workers run the sweep at the same time."""

from datetime import date

from django.db import connection

from aftersales.models import Event
from aftersales.notifications.models import Message, Status, StoredSend, SweepRun
from aftersales.notifications.services import RELEASE
from repairs.models import RepairOrder
from repairs.models import Status as OrderStatus
from repairs.tasks import EXPIRY
from tests.notifications.workers import new_queue, send_sweep, wait_for

from .helpers import ready_orders

PASSED = date(2026, 1, 10)  # the workers run on the real clock: deadlines long past


def _finished(name: str, n: int = 1):
    return lambda: SweepRun.objects.filter(name=name, finished_at__isnull=False).count() >= n


def _assert_each_order_moved_and_notified_once(ids: list[int]) -> None:
    assert set(RepairOrder.objects.filter(pk__in=ids).values_list("status", flat=True)) == {OrderStatus.UNCLAIMED}
    assert RepairOrder.objects.filter(pk__in=ids, final_notice_at__isnull=True).count() == 0
    assert Event.objects.filter(kind="repair.unclaimed", subject_id__in=ids).count() == len(ids)
    assert Event.objects.filter(kind="repair.unclaimed", subject_id__in=ids).values("subject_id").distinct().count() == len(ids)
    notices = Message.objects.filter(kind="final_notice", subject_id__in=ids)
    assert notices.count() == len(ids) and notices.values("subject_id").distinct().count() == len(ids)


def _assert_each_notice_sent_once(n: int) -> None:
    assert Message.objects.filter(kind="final_notice", status=Status.SENT).count() == n
    assert StoredSend.objects.count() == n and StoredSend.objects.values("message").distinct().count() == n


def test_a_worker_runs_the_expiry_sweep_end_to_end(shared_db, store, start_worker):
    ids = ready_orders(store, 25, deadline=PASSED)
    queue = new_queue()
    worker = start_worker(queues=[queue], batch_size=10)
    send_sweep(EXPIRY, queue)
    wait_for(_finished(EXPIRY), "the expiry sweep", worker)
    _assert_each_order_moved_and_notified_once(ids)
    send_sweep(RELEASE, queue)
    wait_for(_finished(RELEASE), "the final notices to be sent", worker)
    _assert_each_notice_sent_once(25)
    run = SweepRun.objects.get(name=EXPIRY)
    assert run.processed == 25 and run.batches == 3 and run.errors == 0 and run.worker


def test_a_worker_killed_in_the_middle_of_the_expiry_sweep_loses_nothing_and_moves_nothing_twice(shared_db, store, start_worker):
    batch = 100
    ids = ready_orders(store, 2000, deadline=PASSED)
    queue = new_queue()
    doomed = start_worker(queues=[queue], batch_size=batch)
    send_sweep(EXPIRY, queue)
    # Kill it as soon as its first batch is committed: it is then in the middle of a later one.
    wait_for(lambda: RepairOrder.objects.filter(status=OrderStatus.UNCLAIMED).exists(), "the first batch", doomed)
    doomed.kill()
    moved = RepairOrder.objects.filter(status=OrderStatus.UNCLAIMED).count()
    # Whole batches only: what the killed batch did rolled back with it (orders, events, notices).
    assert moved % batch == 0 and moved > 0, moved
    assert Event.objects.filter(kind="repair.unclaimed").count() == moved
    assert Message.objects.filter(kind="final_notice").count() == moved
    if moved < len(ids):
        assert SweepRun.objects.get(name=EXPIRY).finished_at is None  # the manager's page shows it never finished

    survivor = start_worker(queues=[queue], batch_size=batch)
    send_sweep(EXPIRY, queue)
    wait_for(_finished(EXPIRY), "the next tick on a new worker", survivor)
    _assert_each_order_moved_and_notified_once(ids)
    send_sweep(RELEASE, queue)
    wait_for(_finished(RELEASE), "the final notices to be sent", survivor)
    _assert_each_notice_sent_once(len(ids))


def test_two_workers_running_the_expiry_sweep_at_once_move_each_order_once(shared_db, store, start_worker):
    ids = ready_orders(store, 600, deadline=PASSED)
    queues = [new_queue(), new_queue()]
    workers = [start_worker(queues=[q], batch_size=20) for q in queues]
    for w in workers:
        w.wait_ready()
    for q in queues:
        send_sweep(EXPIRY, q)
    wait_for(_finished(EXPIRY, 2), "both expiry sweeps", *workers)
    _assert_each_order_moved_and_notified_once(ids)
    runs = list(SweepRun.objects.filter(name=EXPIRY))
    assert sum(r.processed for r in runs) == len(ids) and all(r.errors == 0 for r in runs)
    if connection.vendor == "postgresql":
        assert all(r.processed > 0 for r in runs), [(r.worker, r.processed) for r in runs]  # SKIP LOCKED: disjoint batches
    for q in queues:
        send_sweep(RELEASE, q)
    wait_for(_finished(RELEASE, 2), "both release sweeps", *workers)
    _assert_each_notice_sent_once(len(ids))
