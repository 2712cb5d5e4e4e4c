"""A manager tries a draft rule in a real browser, then publishes it."""

from __future__ import annotations

import pytest

from aftersales.policy.demo import load_default_rules
from aftersales.policy.models import Rule, Status
from tests.conftest import browser_login
from tests.policy.helpers import make_rule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_tries_a_draft_then_publishes_it(page, chain_manager):
    load_default_rules()
    draft = make_rule(code="2c", name="会员补钻", job_types=["replace_stone"], priority=55, publish=False)
    browser_login(page, "chain")
    page.goto(page.base_url + "/policy/try/")
    page.select_option("#id_job_type", "replace_stone")
    page.fill("#id_purchased_at", "2026-01-31T10:00")
    page.fill("#id_at", "2026-03-01T09:00")
    page.click("#try-form button[type=submit]")
    assert page.get_attribute("#decision-outcome", "data-outcome") == "charged"
    page.check(f"input[name=drafts][value='{draft.pk}']")
    page.click("#try-form button[type=submit]")
    assert page.get_attribute("#decision-outcome", "data-outcome") == "free"
    page.click("#decision-rule")
    page.click("#publish")
    page.wait_for_selector(".alert-success")
    assert Rule.objects.get(pk=draft.pk).status == Status.PUBLISHED
    page.goto(page.base_url + "/policy/print/")
    assert "终身免费补钻。" in page.inner_text("#policy-clauses")
