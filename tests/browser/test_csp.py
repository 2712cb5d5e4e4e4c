"""The Content-Security-Policy in a real browser: the counter's pages work under it, with no violation.

The test settings send the same policy as production (django-csp, aftersales/settings/base.py):
no inline script, scripts and styles from our static files only.
"""

from __future__ import annotations

import pytest

from repairs.models import Quote, RepairOrder, Status
from tests.conftest import browser_login
from tests.repairs.factories import make_order, service
from tests.repairs.test_signature_browser import draw_known_stroke

WATCH = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"


def _watch(page):
    problems = []
    page.add_init_script(WATCH)
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def _violations(page) -> list:
    return page.evaluate("window.__csp || []")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_intake_and_approval_work_under_the_policy(page, counter, store):
    problems = _watch(page)
    polish = service("polish")
    response = page.goto(page.base_url + "/login/")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    browser_login(page, "counter")
    page.goto(page.base_url + "/repairs/new/")
    page.click("#add-item")  # static JS: a second item form appears
    assert page.locator("#id_items-1-category").count() == 1
    page.goto(page.base_url + "/repairs/new/")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_customer_name", "王小红")
    page.select_option("#id_items-0-category", "ring")
    page.select_option("#id_items-0-material", "au750")
    page.fill("#id_items-0-description", "18K 戒指")
    page.fill("#id_items-0-intake_weight", "3.21")
    page.select_option("#id_items-0-job1", str(polish.pk))
    page.check("#id_risks_acknowledged")
    draw_known_stroke(page)
    assert not _violations(page), _violations(page)
    page.click("#save-intake")
    page.wait_for_selector("#order-number")
    order = RepairOrder.objects.get()
    assert order.intake_signature  # the pad's JavaScript ran and filled the field

    waiting = make_order(store, actor=counter, status=Status.AWAITING_APPROVAL)
    page.goto(page.base_url + f"/repairs/{waiting.number}/")
    draw_known_stroke(page)
    page.click("#approve-button")
    page.wait_for_selector(".alert-success")  # the counter records approvals; starting the work is the workshop's
    assert Quote.objects.filter(order=waiting).exclude(signature="").exists()
    assert not _violations(page), _violations(page)
    assert not problems, problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_customers_quick_create_and_printable_policy_work_under_the_policy(page, counter, store):
    problems = _watch(page)
    browser_login(page, "counter")
    page.goto(page.base_url + "/customers/")
    assert not _violations(page), _violations(page)
    page.goto(page.base_url + "/policy/print/")
    assert page.locator("[data-print-page]").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).textAlign") == "center"  # the static stylesheet applies
    assert not _violations(page), _violations(page)
    assert not problems, problems
