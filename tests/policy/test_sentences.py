"""The words of the policy's decisions at their boundaries (issue 16, item 3): every decision was
right, these check the sentences the customer and the staff read."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from aftersales.policy.decision import Outcome, decide
from aftersales.policy.demo import load_default_rules
from aftersales.policy.models import Rule
from tests.policy.helpers import at, bought

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
EXCHANGE = {"job_type": "exchange", "receipt_shown": True, "facts": ["intact"]}


@pytest.fixture
def rules():
    return load_default_rules()


def _decide(store, purchase, request_at, **kwargs):
    return decide(store=store, purchase=bought(purchase), at=at(request_at), **kwargs)


def test_an_hour_limit_ends_at_a_moment_not_at_the_end_of_a_day(rules, store):
    d = _decide(store, "2026-03-01 10:00", "2026-03-03 10:01", **EXCHANGE)
    assert d.outcome == Outcome.NOT_ALLOWED
    assert "购买后48小时已于2026-03-03 10:00届满" in d.text_zh and "当天结束" not in d.text_zh
    assert "the 48 hours after the purchase ended at 2026-03-03 10:00" in d.text_en
    assert not any("当天结束" in why for why in d.details["why_zh"])
    assert not any("end of 2026-03-03 10:00" in why for why in d.details["why_en"])
    allowed = _decide(store, "2026-03-01 10:00", "2026-03-03 10:00", **EXCHANGE)
    assert allowed.outcome == Outcome.EXCHANGE
    assert any("期限至2026-03-03 10:00届满" in why for why in allowed.details["why_zh"])


@pytest.mark.parametrize(("purchase", "kwargs", "zh", "en"), [
    ("2026-03-01 10:00", {"job_type": "exchange", "facts": ["intact"]}, "须出示购物小票", "the receipt is needed"),
    ("2026-03-01 10:00", {"job_type": "exchange", "receipt_shown": True}, "须商品完好、可再次销售", "the item is intact and resellable is required"),
    ("2026-03-01 10:00", {**EXCHANGE, "prior_uses": 1}, "每件商品限1次，已经使用过", "allowed 1 time(s) per purchase and was used already"),
    (None, EXCHANGE, "仅限在本店购买的商品", "only for items bought from us"),
])
def test_a_refused_exchange_says_why(rules, store, purchase, kwargs, zh, en):
    d = _decide(store, purchase, "2026-03-02 10:00", **kwargs)
    assert d.outcome == Outcome.NOT_ALLOWED and not d.rule_code
    assert d.text_zh.startswith("不能换货：") and zh in d.text_zh, d.text_zh
    assert d.text_en.startswith("No exchange: ") and en in d.text_en, d.text_en
    assert "售后须知中没有允许" not in d.text_zh


def test_a_special_price_exchange_is_refused_by_the_special_price_rule_in_words(rules, store):
    d = _decide(store, "2026-03-01 10:00", "2026-03-01 12:00", **EXCHANGE, special_price=True)
    assert d.outcome == Outcome.NOT_ALLOWED and d.rule_code == "5" and "特价" in d.text_zh


def test_a_charged_stone_says_when_the_free_month_ended(rules, store):
    d = _decide(store, "2026-01-31 10:00", "2026-03-01 00:00", job_type="replace_stone", receipt_shown=True)
    assert d.outcome == Outcome.CHARGED and d.rule_code == "2b"
    assert "期限已于2026-02-28当天结束时届满" in d.text_zh
    assert "the time limit ended with 2026-02-28" in d.text_en


def test_when_no_rule_applies_the_decision_says_so(rules, store):
    d = _decide(store, None, "2026-03-05 09:00", job_type="replace_stone", receipt_shown=True)
    assert d.outcome == Outcome.STANDARD
    assert "售后须知无适用条款" in d.text_zh and "No policy rule applies" in d.text_en


def test_english_lines_keep_no_chinese_rule_names_and_no_odd_capitals(rules, store):
    d = _decide(store, "2026-03-01 09:00", "2026-03-05 09:00", job_type="replace_stone", receipt_shown=True, facts=["special_stone"])
    text = " ".join(d.details["why_en"]) + " " + d.text_en
    assert "excludes special stones" in text and "Special stone" not in text, text
    free = _decide(store, "2026-03-01 09:00", "2026-03-05 09:00", job_type="replace_stone", receipt_shown=True)
    assert not any(CJK.search(why) for why in free.details["why_en"]), free.details["why_en"]
    assert any("2a" in why for why in free.details["why_en"])


def test_units_and_manufacturer_price_as_the_store_writes_them(rules):
    texts = {r.code: (r.text_zh, r.text_en) for r in Rule.objects.all()}
    assert "0.3元/粒" in texts["2b"][0] and "0.5元/粒" in texts["8c"][0]
    assert "（厂家定价）" in texts["10b"][0] and "manufacturer's price" in texts["10b"][1]


def test_printed_policy_says_hour_limits_run_from_the_moment_of_purchase(rules, manager_client):
    html = manager_client.get(reverse("policy:print")).content.decode()
    assert "按小时计算的期限自购买时起算" in html


@pytest.mark.parametrize("job_type", ["watch_battery", "polish"])
def test_a_water_damaged_watch_within_three_months_reads_that_water_damage_is_not_covered(rules, store, job_type):
    d = _decide(store, "2026-01-15 10:00", "2026-02-15 10:00", job_type=job_type, category="watch", reason="water_damage",
                receipt_shown=True)
    assert d.outcome != Outcome.FREE
    assert "进水不在保修范围内" in d.text_zh, d.text_zh
    assert "water damage is not covered" in d.text_en, d.text_en
