"""The reports' URLs for the isolation walk. Report pages take a report's name, not a record
(KEYED: walked for every role, never a 500); another store's id in their filters is a 404
(test_complaints.py). The monthly PDF is a store's record: another store's is a 404."""


def _monthly(store):
    from django.utils import timezone

    from aftersales.reports.monthly import monthly_report_build
    from tests.files import files_written

    with files_written():  # the PDF is written when its row commits
        return {"pk": monthly_report_build(store=store, month="2026-01", actor=None, now=timezone.now()).pk}


FOREIGN = {"reports:monthly_pdf": _monthly}
KEYED = {
    "reports:report": lambda store: {"key": "complaints"},
    "reports:records": lambda store: {"key": "complaints", "fmt": "csv"},
    "reports:export": lambda store: {"key": "complaints", "table": "by_month", "fmt": "xlsx"},
}
