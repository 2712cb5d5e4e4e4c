"""Two real Celery workers run the escalation sweep at once: each manager is alerted once per case."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from aftersales.models import Role
from aftersales.notifications.models import SweepRun
from tests.conftest import make_user
from tests.notifications.workers import new_queue, send_sweep, wait_for
from tickets.models import AlertKind, Case, StaffAlert
from tickets.tasks import ACK_OVERDUE

from .factories import make_case


def _finished(n: int):
    return lambda: SweepRun.objects.filter(name=ACK_OVERDUE, finished_at__isnull=False).count() >= n


def test_two_workers_running_the_ack_sweep_at_once_alert_each_manager_once(shared_db, store, start_worker):
    managers = [make_user(f"m{i}", Role.MANAGER, store) for i in range(2)]
    first = make_case(store)
    # The workers run on the real clock: make the cases two days old, then copy them in one INSERT.
    old = timezone.now() - timedelta(days=2)
    Case.objects.filter(pk=first.pk).update(received_at=old, ack_due_at=old + timedelta(hours=24), ack_escalate_at=old + timedelta(hours=24))
    first.refresh_from_db()
    copies = []
    for i in range(1, 300):
        clone = Case.objects.get(pk=first.pk)
        clone.pk = clone.id = None
        clone.number = f"{first.number}-{i:04d}"
        copies.append(clone)
    Case.objects.bulk_create(copies)
    queues = [new_queue(), new_queue()]
    workers = [start_worker(queues=[q], batch_size=20) for q in queues]
    for w in workers:
        w.wait_ready()
    for q in queues:
        send_sweep(ACK_OVERDUE, q)
    wait_for(_finished(2), "both escalation sweeps", *workers)
    alerts = StaffAlert.objects.filter(kind=AlertKind.ACK_OVERDUE)
    assert alerts.count() == 300 * len(managers)
    assert alerts.values("case", "user").distinct().count() == 300 * len(managers)
    runs = list(SweepRun.objects.filter(name=ACK_OVERDUE))
    assert sum(r.processed for r in runs) == 300 and all(r.errors == 0 for r in runs)
    if connection.vendor == "postgresql":
        assert all(r.processed > 0 for r in runs), [(r.worker, r.processed) for r in runs]  # SKIP LOCKED: disjoint batches
