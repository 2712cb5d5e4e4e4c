"""The monthly report PDF per store: complaints first, then repairs, follow-ups, trade-in.

Built by the sweep `reports.monthly` on the 1st at MONTHLY_REPORT_HOUR (store time) for the
month before, e-mailed through the outbox to the store's managers and the chain managers (one
message per recipient, dedupe key per store, month and recipient), or on demand for any past
month. The charts are pygal SVG drawn on the server from the same tables as the pages.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from aftersales import audit, roles
from aftersales.models import Role, StaffMembership, Store, User
from aftersales.policy.deadlines import add_months

from . import charts, registry
from .models import MonthlyReport
from .query import ReportQuery, month_label, parse_month

KIND = "monthly_report"


class BadMonth(ValueError):
    pass


def due_month(now: datetime) -> date | None:
    """The month whose report is due at `now`: last month once the 1st's hour has passed."""
    local = timezone.localtime(now)
    first = local.date().replace(day=1)
    if local.date() == first and local.time() < time(settings.MONTHLY_REPORT_HOUR):
        return None
    return add_months(first, -1)


def past_months(today: date, count: int = 24) -> list[date]:
    first = today.replace(day=1)
    return [add_months(first, -k) for k in range(1, count + 1)]


def recent(*, user, limit: int = 24) -> QuerySet[MonthlyReport]:
    return roles.scoped(MonthlyReport.objects.filter(document__isnull=False), user).select_related("store", "document")[:limit]


def _month(value) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    parsed = parse_month(value or "")
    if parsed is None:
        raise BadMonth(_("Write the month as year-month, for example 2026-03."))
    return parsed


def results(store: Store, month: date, *, now: datetime, language: str) -> list[tuple[registry.Report, registry.Result]]:
    query = ReportQuery(user=None, stores=[store], store=store, start=month, end=add_months(month, 1), now=now, show_staff=True)
    with override(language):
        return [(r, r.build(query)) for r in registry.reports() if r.in_monthly]


def _fingerprint(store: Store, month: date, built: list, language: str) -> str:
    def plain(value):
        return str(value)

    data = {"store": store.pk, "month": month.isoformat(), "language": language,
            "reports": [{"key": r.key, "figures": [(str(f.label), plain(f.value)) for f in res.figures],
                         "tables": [(t.key, [[plain(row.get(c.key)) for c in t.columns] for row in t.rows]) for t in res.tables]}
                        for r, res in built]}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def render(store: Store, month: date, built: list, *, language: str, version: int) -> bytes:
    from aftersales.documents import fonts
    from aftersales.documents.rendering import render_pdf

    with override(language):
        sections = []
        for report, result in built:
            tables = []
            for table in result.tables:
                picture = charts.svg(table, font_family=fonts.FONT_STACK.replace('"', "'"))
                uri = "data:image/svg+xml;base64," + base64.b64encode(picture.encode()).decode() if picture else ""
                tables.append({"table": table, "chart": uri})
            sections.append({"report": report, "figures": result.figures, "tables": tables})
        context = {"store": store, "month": month_label(month), "sections": sections, "version": version,
                   "data": {"language": language, "number": f"{store.code}-{month_label(month)}"}}
        return render_pdf("reports/monthly.html", context, paper="a4", language=language)


def recipients(store: Store) -> list[User]:
    """The store's managers and every chain manager, each once, with an e-mail address."""
    ids = set(StaffMembership.objects.filter(store=store, role=Role.MANAGER).values_list("user_id", flat=True))
    ids |= set(StaffMembership.objects.filter(role=Role.CHAIN_MANAGER).values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk"))


@transaction.atomic
def monthly_report_build(*, store: Store, month, actor, now: datetime, mail: bool = False) -> MonthlyReport:
    """Build (or rebuild after late changes) a past month's report; the same data gives the same
    stored file. `actor` None is the schedule, which also e-mails it (once per recipient)."""
    from aftersales.documents.services import document_store_rendered

    if actor is not None:
        roles.require(actor, store, "reports.build_monthly")
    month = _month(month)
    if month >= timezone.localdate(now).replace(day=1):
        raise BadMonth(_("Only a month that has ended can be reported on."))
    try:
        with transaction.atomic():
            row, _created = MonthlyReport.objects.get_or_create(store=store, month=month)
    except IntegrityError:  # built meanwhile by the sweep or another manager
        row = MonthlyReport.objects.get(store=store, month=month)
    row = MonthlyReport.objects.select_for_update().get(pk=row.pk)
    language = settings.LANGUAGE_CODE
    built = results(store, month, now=now, language=language)
    fp = _fingerprint(store, month, built, language)
    document = document_store_rendered(kind=KIND, subject=row, fp=fp, actor=actor,
                                       render=lambda version: render(store, month, built, language=language, version=version))
    changed = row.document_id != document.pk
    row.document, row.built_at, row.built_by = document, now, actor
    row.save(update_fields=["document", "built_at", "built_by"])
    if changed:
        audit.record(actor=actor, kind="report.monthly_built", subject=row, store=store,
                     new={"month": month_label(month), "version": document.version, "sha256": document.sha256})
    if mail:
        _mail(row, now=now)
    return row


def _mail(row: MonthlyReport, *, now: datetime) -> None:
    from aftersales.notifications.services import notify_staff

    for user in recipients(row.store):
        notify_staff(user=user, kind="monthly_report", store=row.store, related=row, attachment=row.document.file,
                     context={"month": month_label(row.month)},
                     dedupe_key=f"monthly-report:{row.store_id}:{month_label(row.month)}:{user.pk}")
    row.mailed_at = now
    row.save(update_fields=["mailed_at"])


# --- the sweep --------------------------------------------------------------------------------

def stores_due(now: datetime) -> QuerySet[Store]:
    """Active stores whose report of last month is not built and mailed yet (from the 1st, 08:00)."""
    month = due_month(now)
    if month is None:
        return Store.objects.none()
    done = MonthlyReport.objects.filter(store=OuterRef("pk"), month=month, mailed_at__isnull=False)
    return Store.objects.filter(is_active=True).filter(~Exists(done)).order_by()


def build_due(rows: list[Store], *, now: datetime) -> int:
    month = due_month(now)
    for store in rows:
        monthly_report_build(store=store, month=month, actor=None, now=now, mail=True)
    return len(rows)
