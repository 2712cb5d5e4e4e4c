"""A manager opens the complaint report, filters by category, clicks a bar and lands on the
matching case list; downloads the table as Excel and CSV and opens both."""

from __future__ import annotations

import csv
import io
import os

import pytest
from openpyxl import load_workbook

from tests.conftest import browser_login

from .fixtures import complaint_set


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_complaint_report_filter_click_bar_and_download(page, store, other_store, manager):
    complaint_set(store, other_store)
    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, "manager")
    page.goto(page.base_url + f"/reports/complaints/?start=2026-01&end=2026-02&store={store.pk}")
    page.select_option("#f-category", "staff_attitude")
    page.click("#apply-filters")
    page.wait_for_url("**category=staff_attitude**")
    page.wait_for_selector("#chart-box-by_month[data-ready='1']")
    assert page.locator("#table-by_month tbody tr").first.locator("td").nth(1).inner_text() == "2"
    if os.environ.get("REPORT_SCREENSHOT"):
        page.wait_for_timeout(1500)  # the bars' grow-in animation
        page.screenshot(path=os.environ["REPORT_SCREENSHOT"], full_page=False)

    # The XLSX and CSV of the by-category table.
    with page.expect_download() as xlsx_info:
        page.click("#section-by_category a[data-export='xlsx']")
    with open(xlsx_info.value.path(), "rb") as fh:
        sheet = load_workbook(io.BytesIO(fh.read())).active
    assert sheet["B2"].value == 3
    with page.expect_download() as csv_info:
        page.click("#section-by_category a[data-export='csv']")
    with open(csv_info.value.path(), encoding="utf-8-sig") as fh:
        rows = list(csv.reader(io.StringIO(fh.read())))
    assert rows[1][1] == "3"

    # Click January's bar: the chart's own pixel position for (January, 1 complaint).
    x, y = page.evaluate("""() => {
        const box = document.getElementById('chart-box-by_month');
        const chart = echarts.getInstanceByDom(box);
        const p = chart.convertToPixel({seriesIndex: 0}, [0, 1]);
        const r = box.getBoundingClientRect();
        return [r.left + p[0], r.top + p[1]];
    }""")
    page.mouse.click(x, y)
    page.wait_for_url("**/cases/reported/**")
    assert "category=staff_attitude" in page.url and "from=2026-01-01" in page.url and "to=2026-01-31" in page.url
    assert page.locator("#case-count").inner_text() == "2"
    assert page.locator("#case-list tbody tr").count() == 2
