"""Exports (CSV with BOM and inert formulas, XLSX with formats), the board per role, the repairs
report's drill-down, and the monthly PDF built by the sweep and e-mailed once."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from aftersales.models import Role
from aftersales.reports import exports
from aftersales.reports.registry import INT, MONEY, TEXT, Column
from tests.conftest import login, make_user
from tests.files import files_written

from .fixtures import at, complaint_set

NOW = at(2026, 3, 10, 12)


def test_csv_has_a_bom_and_formulas_are_inert():
    columns = [Column("a", "名称", TEXT), Column("n", "数量", INT)]
    text = "".join(exports.csv_lines(columns, [("=HYPERLINK(\"x\")", 1), ("+1", 2), ("-2", 3), ("@SUM", 4), ("黄金", 5)]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["名称", "数量"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM", "黄金"]


def test_xlsx_has_widths_and_number_formats():
    from decimal import Decimal

    columns = [Column("a", "规则", TEXT), Column("m", "标准价", MONEY)]
    book = load_workbook(exports.xlsx_file("报表", columns, [("=1+1", Decimal("12.50"))]))
    sheet = book.active
    assert sheet["A2"].value == "'=1+1" and sheet["B2"].value == 12.5
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet.column_dimensions["A"].width >= 6


def test_a_million_rows_stream_without_being_held():
    columns = [Column("n", "n", INT)]
    lines = exports.csv_lines(columns, ((i,) for i in range(1_000_000)))
    first = next(lines)
    assert first.startswith("\ufeff")
    chunks = sum(1 for _ in lines)
    assert chunks == 1_000_000 // exports.CHUNK


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_report_exports_download_and_open(store, other_store, manager_client):
    complaint_set(store, other_store)
    params = {"start": "2026-01", "end": "2026-02", "store": store.pk}
    response = manager_client.get("/reports/complaints/by_category.csv", params)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert sorted(int(r[1]) for r in list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))[1:]) == [1, 3, 4]
    response = manager_client.get("/reports/complaints/records.xlsx", params)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 9  # header + eight complaints of the store
    assert manager_client.get("/reports/complaints/nope.csv", params).status_code == 404


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_board_per_role(store, other_store, django_assert_max_num_queries):
    from repairs.models import RepairOrder
    from tests.repairs.factories import make_order

    counter = make_user("c1", Role.COUNTER, store)
    manager = make_user("m1", Role.MANAGER, store)
    chain = make_user("ch", Role.CHAIN_MANAGER, store)
    make_order(store)
    late = make_order(other_store)
    RepairOrder.objects.filter(pk=late.pk).update(promised_date=NOW.date() - timedelta(days=2))
    page = login(counter).get("/")
    tiles = {c.tile.key: c.count.n for c in page.context["board_row"].cells}
    assert tiles["repairs.today"] == 1 and "repairs.weight" not in tiles and "tradein.no_price" not in tiles
    page = login(manager).get("/")
    tiles = {c.tile.key: c for c in page.context["board_row"].cells}
    assert tiles["tradein.no_price"].count.n == 1 and "cases.past_target" in tiles
    listed = login(manager).get(tiles["repairs.today"].url)
    assert len(listed.context["orders"]) == 1
    client = login(chain)
    client.get("/")
    with django_assert_max_num_queries(30):
        page = client.get("/")
    rows = page.context["chain_rows"]
    assert [r.store.pk for r in rows] == [other_store.pk, store.pk]  # the store with an overdue order first
    assert {c.tile.key: c.count.n for c in rows[0].cells}["repairs.overdue"] == 1


@pytest.mark.django_db
def test_board_queries_do_not_grow_with_stores():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from aftersales.reports import board
    from tests.conftest import make_store

    stores = [make_store(f"S{n}") for n in range(2)]
    with CaptureQueriesContext(connection) as few:
        board.rows(stores, board.visible_tiles("manager"), NOW)
    stores += [make_store(f"T{n}") for n in range(8)]
    with CaptureQueriesContext(connection) as many:
        board.rows(stores, board.visible_tiles("manager"), NOW)
    assert len(many) == len(few)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_repairs_report_month_bar_opens_the_same_orders(store, manager_client):
    from tests.repairs.factories import make_order

    with time_machine.travel(at(2026, 2, 3), tick=False):
        make_order(store)
        make_order(store)
    with time_machine.travel(at(2026, 3, 2), tick=False):
        make_order(store)
    response = manager_client.get("/reports/repairs/", {"start": "2026-01", "end": "2026-03", "store": store.pk})
    rows = response.context["result"].table("volume").rows
    assert [r["received"] for r in rows] == [0, 2, 1]
    for row in rows:
        listed = manager_client.get(row["_url"])
        assert len(listed.context["orders"]) == row["received"]
    techs = response.context["result"].table("technicians").rows
    assert sum(t["orders"] for t in techs) == 3
    assert response.context["result"].figures[0].value == 3


@pytest.mark.django_db(transaction=False)
def test_monthly_report_is_built_and_mailed_once(store, other_store, settings):
    from aftersales.notifications import sweeps
    from aftersales.notifications.models import Message
    from aftersales.reports.models import MonthlyReport

    settings.MONTHLY_REPORT_HOUR = 8
    manager = make_user("boss", Role.MANAGER, store)
    manager.email = "boss@example.com"
    manager.save()
    complaint_set(store, other_store)
    before = at(2026, 3, 1, 7, 59)
    assert sweeps.run("reports.monthly", now=before).processed == 0
    due = at(2026, 3, 1, 8, 0)
    with time_machine.travel(due, tick=False), files_written():  # the PDF is written when its row commits
        first = sweeps.run("reports.monthly", now=due)
        second = sweeps.run("reports.monthly", now=due)
    assert first.processed == 2 and second.processed == 0
    report = MonthlyReport.objects.get(store=store)
    assert report.month.isoformat() == "2026-02-01" and report.mailed_at is not None
    pdf = report.document.read()
    assert pdf.startswith(b"%PDF")
    mails = Message.objects.filter(kind="monthly_report")
    assert mails.count() == 1 and (mails.get().recipient_type, mails.get().recipient_id) == ("aftersales.user", manager.pk) and mails.get().attachment == report.document.file
    assert mails.get().dedupe_key == f"monthly-report:{store.pk}:2026-02:{manager.pk}"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_manager_builds_a_past_month_on_demand(store, other_store, manager_client):
    complaint_set(store, other_store)
    with files_written():  # the PDF is written when its row commits
        response = manager_client.post("/reports/monthly/", {"store": store.pk, "month": "2026-01"})
    assert response.status_code == 302
    pdf = manager_client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    again = manager_client.post("/reports/monthly/", {"store": store.pk, "month": "2026-01"})
    assert again["Location"] == response["Location"]
    assert manager_client.post("/reports/monthly/", {"store": store.pk, "month": "2026-03"}).status_code == 302  # not ended: message
    assert manager_client.post("/reports/monthly/", {"store": other_store.pk, "month": "2026-01"}).status_code == 404
