"""The reports' URLs for the isolation walk. Report pages take a report key, not a record: an
unknown key is a 404 for everybody; another store's id in a filter is tested in test_complaints.py."""


def _monthly(store):
    from django.utils import timezone

    from aftersales.reports.monthly import monthly_report_build

    return {"pk": monthly_report_build(store=store, month="2026-01", actor=None, now=timezone.now()).pk}


FOREIGN = {
    "reports:report": lambda store: {"key": "no-such-report"},
    "reports:records": lambda store: {"key": "no-such-report", "fmt": "csv"},
    "reports:export": lambda store: {"key": "no-such-report", "table": "by_month", "fmt": "csv"},
    "reports:monthly_pdf": _monthly,
}
