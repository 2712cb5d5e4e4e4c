"""How to do every reports action for the permission walk (tests/test_permissions.py)."""

from django.utils import timezone

from aftersales import roles


def _read(action):
    # Reads: the report pages and the complaint list ask the table (aftersales/reports/views.py).
    return lambda store: (lambda actor: roles.require(actor, store, action))


def _build(store, actor):
    from aftersales.reports.monthly import monthly_report_build

    monthly_report_build(store=store, month="2026-01", actor=actor, now=timezone.now())


CALLS = {
    "reports.view": _read("reports.view"),
    "reports.view_staff": _read("reports.view_staff"),
    "reports.build_monthly": lambda store: (lambda actor: _build(store, actor)),
}
