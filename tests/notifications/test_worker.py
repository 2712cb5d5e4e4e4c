"""With a real Celery worker (subprocess) on the project's broker: Redis when REDIS_URL is set,
else the embedded filesystem broker. See workers.py for how the worker reaches the test database.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from aftersales.celery import app
from aftersales.notifications import services
from aftersales.notifications.models import Message, Status, StoredSend, SweepRun
from tests.notifications.helpers import to

from .conftest import make_customer
from .workers import new_queue, send_sweep, wait_for

CONTEXT = {"order_number": "HX-R2611-00042", "pickup_deadline": timezone.localdate()}


def _due_messages(customer, store, n: int, status=Status.QUEUED) -> list[int]:
    past = timezone.now() - timedelta(hours=1)
    Message.objects.bulk_create(
        Message(**to(customer), store=store, kind="pickup_reminder", to_address=customer.phone, language="zh-hans",
                body=f"提醒 {i}", status=status, due_at=past, dedupe_key=f"pickup-reminder:{i}:7")
        for i in range(n)
    )
    return list(Message.objects.values_list("pk", flat=True))


def _assert_each_sent_once(n: int) -> None:
    assert Message.objects.filter(status=Status.SENT).count() == n
    assert StoredSend.objects.count() == n
    assert StoredSend.objects.values("message").distinct().count() == n
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


def test_a_worker_sends_on_commit_and_runs_both_sweeps_end_to_end(shared_db, store, start_worker):
    customer = make_customer(store)
    queue = new_queue()
    with app.connection_for_write() as conn:  # stale send tasks from earlier runs would only be no-ops; start clean
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    worker = start_worker(queues=[app.conf.task_default_queue, queue])

    fresh = services.notify(customer=customer, kind="ready_for_pickup", context=CONTEXT, store=store, dedupe_key="ready:1")
    past = timezone.now() - timedelta(minutes=1)
    morning = Message.objects.create(**to(customer), store=store, kind="pickup_reminder", to_address=customer.phone,
                                     language="zh-hans", body="早上好", status=Status.QUIET, due_at=past, dedupe_key="quiet:1")
    failed = Message.objects.create(**to(customer), store=store, kind="pickup_reminder", to_address=customer.phone, attempts=1,
                                    language="zh-hans", body="重试", status=Status.FAILED, due_at=past, dedupe_key="failed:1")
    send_sweep(services.RELEASE, queue)
    send_sweep(services.RETRY, queue)

    wait_for(lambda: Message.objects.filter(status=Status.SENT).count() == 3 and SweepRun.objects.filter(finished_at__isnull=False).count() == 2,
             "three messages sent and two sweeps finished", worker)
    assert StoredSend.objects.count() == 3
    assert {m.pk: m.attempts for m in Message.objects.all()} == {fresh.pk: 1, morning.pk: 1, failed.pk: 2}
    runs = {r.name: r for r in SweepRun.objects.all()}
    assert runs[services.RELEASE].processed == 1 and runs[services.RETRY].processed == 1
    assert all(r.worker and r.errors == 0 for r in runs.values())


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_sends_nothing_twice(shared_db, store, start_worker, tmp_path):
    customer = make_customer(store)
    _due_messages(customer, store, 30)
    trace = tmp_path / "trace"
    trace.mkdir()
    queue = new_queue()
    doomed = start_worker(queues=[queue], batch_size=10, delay=0.3, trace=trace)
    send_sweep(services.RELEASE, queue)

    # Kill it while the second batch is half sent: the first batch is committed, the second is not.
    wait_for(lambda: len(list(trace.iterdir())) >= 15, "the worker to be in its second batch", doomed)
    doomed.kill()
    attempted = len(list(trace.iterdir()))
    committed = StoredSend.objects.count()
    # Whole batches only: the killed one rolled back although some of its sends had happened.
    assert committed % 10 == 0 and 10 <= committed < attempted < 30, (committed, attempted)
    assert Message.objects.filter(status=Status.QUEUED).count() == 30 - committed
    killed_run = SweepRun.objects.get()
    assert killed_run.finished_at is None  # the manager's page shows it never finished

    # The next beat tick, on a new worker, finds the rest still due and sends each once.
    survivor = start_worker(queues=[queue], batch_size=10)
    send_sweep(services.RELEASE, queue)
    wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).exists(), "the new worker's sweep", survivor)
    _assert_each_sent_once(30)
    assert SweepRun.objects.get(finished_at__isnull=False).processed == 30 - committed


def test_two_workers_running_the_same_sweep_at_once_send_each_message_once(shared_db, store, start_worker):
    customer = make_customer(store)
    _due_messages(customer, store, 40)
    queues = [new_queue(), new_queue()]
    workers = [start_worker(queues=[q], batch_size=5, delay=0.05) for q in queues]
    for w in workers:
        w.wait_ready()
    for q in queues:
        send_sweep(services.RELEASE, q)

    wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).count() == 2, "both sweeps to finish", *workers)
    _assert_each_sent_once(40)
    runs = list(SweepRun.objects.all())
    assert sum(r.processed for r in runs) == 40 and all(r.errors == 0 for r in runs)
    if connection.vendor == "postgresql":
        # SKIP LOCKED: both really worked in parallel, on disjoint rows.
        assert all(r.processed > 0 for r in runs), [(r.worker, r.processed) for r in runs]
        assert StoredSend.objects.values("worker").distinct().count() == 2
