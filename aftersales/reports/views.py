"""Thin views: the home board, the report pages, their exports and the monthly PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales import roles

from . import board, charts, exports, monthly, registry
from .query import parse


@login_required
@require_GET
def home(request):
    now = timezone.now()
    context: dict = {"board_tiles": [], "board_row": None, "chain_rows": None}
    if roles.is_chain_manager(request.user):
        context["board_tiles"], context["chain_rows"] = board.chain_rows(request.user, now)
    elif request.store is not None:
        context["board_tiles"], context["board_row"] = board.store_board(request.user, request.store, now)
    return render(request, "core/home.html", context)


def _may_read(user) -> bool:
    return any(roles.may(user, pk, "reports.view") for pk in roles.store_ids(user))


@login_required
@require_GET
def index(request):
    if not _may_read(request.user):
        raise roles.NotAllowed("reports.view", roles.role_in(request.user, request.store))
    return render(request, "reports/index.html", {
        "reports": registry.reports(),
        "monthly": monthly.recent(user=request.user),
        "months": monthly.past_months(timezone.localdate()),
        "stores": [s for s in roles.stores(request.user).order_by("code") if roles.may(request.user, s, "reports.build_monthly")],
    })


def _query(request, report):
    if not _may_read(request.user):  # a counter's bad filter gets the 403, not the form's errors
        raise roles.NotAllowed("reports.view", roles.role_in(request.user, request.store))
    choices = report.choices() if report.choices else {}
    query, form, ignored = parse(request, report_filters=report.filters, choices=choices)
    if query is not None:
        if query.store is not None:
            roles.require(request.user, query.store, "reports.view")
        elif not query.stores:
            raise roles.NotAllowed("reports.view", roles.role_in(request.user, request.store))
        query.show_staff = all(roles.may(request.user, s, "reports.view_staff") for s in query.stores)
    return query, form, ignored, choices


def _report_or_404(key: str):
    report = registry.get_report(key)
    if report is None:
        raise Http404
    return report


@login_required
@require_GET
def report_page(request, key: str):
    report = _report_or_404(key)
    query, form, ignored, choices = _query(request, report)
    for name in ignored:
        messages.warning(request, _("Unknown filter ignored: %(name)s.") % {"name": name[:40]})
    result = report.build(query) if query is not None else None
    stores = [s for s in roles.stores(request.user).order_by("code") if roles.may(request.user, s, "reports.view")]
    return render(request, "reports/report.html", {
        "report": report, "query": query, "form": form, "result": result, "choices": choices, "stores": stores,
        "charts": charts.payloads(result) if result else {},
        "params": query.params() if query else {"start": request.GET.get("start", ""), "end": request.GET.get("end", "")},
    })


@login_required
@require_GET
def table_export(request, key: str, table: str, fmt: str):
    report = _report_or_404(key)
    query, form, ignored, choices = _query(request, report)
    if query is None:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(reverse("reports:report", args=[key]))
    found = report.build(query).table(table)
    if found is None:
        raise Http404
    name = slugify(f"{key}-{table}-{query.params()['start']}-{query.params()['end']}")
    if fmt == "csv":
        return exports.csv_response(name, found.columns, exports.table_rows(found))
    return exports.xlsx_response(name, str(found.title), found.columns, exports.table_rows(found))


@login_required
@require_GET
def records_export(request, key: str, fmt: str):
    report = _report_or_404(key)
    if report.records is None:
        raise Http404
    query, form, ignored, choices = _query(request, report)
    if query is None:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(reverse("reports:report", args=[key]))
    records = report.records(query)
    name = slugify(f"{key}-records-{query.params()['start']}-{query.params()['end']}")
    if fmt == "csv":
        return exports.csv_response(name, records.columns, records.rows)
    return exports.xlsx_response(name, str(report.title), records.columns, records.rows)


@login_required
@require_POST
def monthly_build(request):
    store_id, month = request.POST.get("store", ""), request.POST.get("month", "")
    if not store_id.isdigit() or int(store_id) not in roles.store_ids(request.user):
        raise Http404
    store = roles.stores(request.user).get(pk=int(store_id))
    try:
        built = monthly.monthly_report_build(store=store, month=month, actor=request.user, now=timezone.now())
    except monthly.BadMonth as exc:
        messages.error(request, str(exc))
        return redirect("reports")
    return redirect("reports:monthly_pdf", pk=built.pk)


@login_required
@require_GET
def monthly_pdf(request, pk: int):
    from aftersales.documents.views import pdf_response

    built = get_object_or_404(roles.scoped(monthly.MonthlyReport.objects.filter(document__isnull=False)
                              .select_related("document", "store"), request.user), pk=pk)
    roles.require(request.user, built.store, "reports.view")
    return pdf_response(built.document.read(), built.document.filename)

