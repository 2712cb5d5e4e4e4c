"""Each of the ten rules of 新瀚城购物须知 (seed 002) at its boundaries, as the default rule set decides them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.policy.decision import Outcome, decide
from aftersales.policy.demo import default_rules, load_default_rules
from aftersales.policy.models import Rule, Status
from tests.policy.helpers import at, bought

F, C, COST, REF, EX, NO, STD = (Outcome.FREE, Outcome.CHARGED, Outcome.AT_COST, Outcome.REFUSED, Outcome.EXCHANGE,
                                Outcome.NOT_ALLOWED, Outcome.STANDARD)
INTACT = ["intact"]

# (name, purchase time or None, request time, decide() arguments, outcome, deciding rule code, unit price)
TABLE = [
    # 1 exchange once within 48 h with the receipt, intact and resellable
    ("1 exchange at 47:59", "2026-03-01 10:00", "2026-03-03 09:59", {"job_type": "exchange", "receipt_shown": True, "facts": INTACT}, EX, "1", None),
    ("1 exchange at 48:00", "2026-03-01 10:00", "2026-03-03 10:00", {"job_type": "exchange", "receipt_shown": True, "facts": INTACT}, EX, "1", None),
    ("1 exchange at 48:01", "2026-03-01 10:00", "2026-03-03 10:01", {"job_type": "exchange", "receipt_shown": True, "facts": INTACT}, NO, "", None),
    ("1 exchange without receipt", "2026-03-01 10:00", "2026-03-02 10:00", {"job_type": "exchange", "facts": INTACT}, NO, "", None),
    ("1 exchange not intact", "2026-03-01 10:00", "2026-03-02 10:00", {"job_type": "exchange", "receipt_shown": True}, NO, "", None),
    ("1 exchange a second time", "2026-03-01 10:00", "2026-03-02 10:00", {"job_type": "exchange", "receipt_shown": True, "facts": INTACT, "prior_uses": 1}, NO, "", None),
    ("1 exchange not bought here", None, "2026-03-02 10:00", {"job_type": "exchange", "receipt_shown": True, "facts": INTACT}, NO, "", None),
    ("1 exchange special price", "2026-03-01 10:00", "2026-03-01 12:00", {"job_type": "exchange", "receipt_shown": True, "facts": INTACT, "special_price": True}, NO, "5", None),
    ("1 return is not in the policy", "2026-03-01 10:00", "2026-03-01 12:00", {"job_type": "return", "receipt_shown": True, "facts": INTACT}, NO, "", None),
    # 2 lost stone: free within one month with the receipt, then 0.3 yuan per stone; special stones excluded
    ("2 Jan 31 + 1 month ends Feb 28", "2026-01-31 10:00", "2026-02-28 23:59", {"job_type": "replace_stone", "receipt_shown": True}, F, "2a", None),
    ("2 Mar 1 is after the month", "2026-01-31 10:00", "2026-03-01 00:00", {"job_type": "replace_stone", "receipt_shown": True}, C, "2b", "0.30"),
    ("2 day 30 of a 30-day month", "2026-04-10 15:00", "2026-05-10 20:00", {"job_type": "replace_stone", "receipt_shown": True}, F, "2a", None),
    ("2 day 31 of a 30-day month", "2026-04-10 15:00", "2026-05-11 09:00", {"job_type": "replace_stone", "receipt_shown": True}, C, "2b", "0.30"),
    ("2 day 31 of a 31-day month", "2026-03-01 09:00", "2026-04-01 21:00", {"job_type": "replace_stone", "receipt_shown": True}, F, "2a", None),
    ("2 day 32 of a 31-day month", "2026-03-01 09:00", "2026-04-02 09:00", {"job_type": "replace_stone", "receipt_shown": True}, C, "2b", "0.30"),
    ("2 within the month, no receipt", "2026-03-01 09:00", "2026-03-05 09:00", {"job_type": "replace_stone"}, C, "2b", "0.30"),
    ("2 special stone", "2026-03-01 09:00", "2026-03-05 09:00", {"job_type": "replace_stone", "receipt_shown": True, "facts": ["special_stone"]}, STD, "", None),
    ("2 special-price item", "2026-03-01 09:00", "2026-03-05 09:00", {"job_type": "replace_stone", "receipt_shown": True, "special_price": True}, NO, "5", None),
    ("2 not bought here", None, "2026-03-05 09:00", {"job_type": "replace_stone", "receipt_shown": True}, STD, "", None),
    # 3 watches: free repair and battery within 3 months except misuse/water damage; then battery 3, movement 10
    ("3 battery on the last day of 3 months", "2025-11-30 10:00", "2026-02-28 18:00", {"job_type": "watch_battery", "category": "watch", "receipt_shown": True}, F, "3a", None),
    ("3 battery the day after", "2025-11-30 10:00", "2026-03-01 10:00", {"job_type": "watch_battery", "category": "watch", "receipt_shown": True}, C, "3b", "3.00"),
    ("3 repair within 3 months", "2026-01-15 10:00", "2026-04-15 10:00", {"job_type": "polish", "category": "watch", "reason": "broken", "receipt_shown": True}, F, "3a", None),
    ("3 repair after 3 months", "2026-01-15 10:00", "2026-04-16 10:00", {"job_type": "polish", "category": "watch", "reason": "broken", "receipt_shown": True}, STD, "", None),
    ("3 battery within 3 months, no receipt", "2026-01-15 10:00", "2026-02-15 10:00", {"job_type": "watch_battery", "category": "watch"}, C, "3b", "3.00"),
    ("3 water damage within 3 months", "2026-01-15 10:00", "2026-02-15 10:00", {"job_type": "polish", "category": "watch", "reason": "water_damage", "receipt_shown": True}, NO, "3d", None),
    ("3 misuse within 3 months", "2026-01-15 10:00", "2026-02-15 10:00", {"job_type": "resolder", "category": "watch", "reason": "misuse", "receipt_shown": True}, NO, "3d", None),
    ("3 movement after 3 months", "2026-01-15 10:00", "2026-05-01 10:00", {"job_type": "watch_movement", "category": "watch", "receipt_shown": True}, C, "3c", "10.00"),
    ("3 movement after water damage", "2026-01-15 10:00", "2026-02-01 10:00", {"job_type": "watch_movement", "category": "watch", "reason": "water_damage"}, C, "3c", "10.00"),
    # 4 single-use items: no warranty (an exchange within 48 h is rule 1's business)
    ("4 single-use stone", "2026-03-01 09:00", "2026-03-05 09:00", {"job_type": "replace_stone", "receipt_shown": True, "single_use": True}, NO, "4", None),
    ("4 single-use watch", "2026-03-01 09:00", "2026-03-05 09:00", {"job_type": "watch_battery", "category": "watch", "receipt_shown": True, "single_use": True}, NO, "4", None),
    ("4 single-use exchange in 48 h", "2026-03-01 09:00", "2026-03-02 09:00", {"job_type": "exchange", "receipt_shown": True, "facts": INTACT, "single_use": True}, EX, "1", None),
    # 5 special-price items: no warranty, no exchange or return
    ("5 special-price repair", "2026-03-01 09:00", "2026-03-02 09:00", {"job_type": "resolder", "material": "alloy", "special_price": True}, NO, "5", None),
    ("5 special-price return", "2026-03-01 09:00", "2026-03-01 10:00", {"job_type": "return", "receipt_shown": True, "special_price": True}, NO, "5", None),
    # 6 alloy unsoldered: free for life
    ("6 alloy re-solder ten years on", "2016-05-01 10:00", "2026-05-01 10:00", {"job_type": "resolder", "material": "alloy"}, F, "6", None),
    ("6 alloy not bought here", None, "2026-05-01 10:00", {"job_type": "resolder", "material": "alloy"}, STD, "", None),
    ("6 alloy polish is not re-soldering", "2016-05-01 10:00", "2026-05-01 10:00", {"job_type": "polish", "material": "alloy"}, STD, "", None),
    ("6 gold re-solder is not alloy", "2016-05-01 10:00", "2026-05-01 10:00", {"job_type": "resolder", "material": "au750"}, STD, "", None),
    # 7 broken vertical clip: not repairable; a clip with a base can have the base replaced
    ("7 broken vertical clip", "2026-03-01 09:00", "2026-03-02 09:00", {"job_type": "resolder", "reason": "broken", "facts": ["vertical_clip"]}, REF, "7", None),
    ("7 broken vertical clip, not bought here", None, "2026-03-02 09:00", {"job_type": "resolder", "reason": "broken", "facts": ["vertical_clip"]}, REF, "7", None),
    ("7 replacing the base clip", None, "2026-03-02 09:00", {"job_type": "replace_clip", "reason": "broken", "facts": ["vertical_clip"]}, STD, "", None),
    ("7 other clips", None, "2026-03-02 09:00", {"job_type": "resolder", "reason": "broken"}, STD, "", None),
    # 8 glasses: lenses not repairable; screws free within a month with receipt, then 0.5 yuan per screw
    ("8 lens", "2026-03-01 09:00", "2026-03-02 09:00", {"job_type": "glasses_lens", "category": "glasses", "receipt_shown": True}, REF, "8a", None),
    ("8 screw on Feb 28", "2026-01-31 10:00", "2026-02-28 10:00", {"job_type": "glasses_screw", "category": "glasses", "receipt_shown": True}, F, "8b", None),
    ("8 screw on Mar 1", "2026-01-31 10:00", "2026-03-01 10:00", {"job_type": "glasses_screw", "category": "glasses", "receipt_shown": True}, C, "8c", "0.50"),
    ("8 screw without receipt", "2026-01-31 10:00", "2026-02-01 10:00", {"job_type": "glasses_screw", "category": "glasses"}, C, "8c", "0.50"),
    # 9 silver: free cleaning, free soldering of breaks
    ("9 silver cleaning", "2020-03-01 09:00", "2026-03-02 09:00", {"job_type": "clean", "material": "ag925"}, F, "9a", None),
    ("9 silver break", "2020-03-01 09:00", "2026-03-02 09:00", {"job_type": "resolder", "material": "ag990", "reason": "broken"}, F, "9b", None),
    ("9 silver re-solder, worn", "2020-03-01 09:00", "2026-03-02 09:00", {"job_type": "resolder", "material": "ag990", "reason": "worn"}, STD, "", None),
    ("9 gold cleaning", "2020-03-01 09:00", "2026-03-02 09:00", {"job_type": "clean", "material": "au990"}, STD, "", None),
    # 10 伊朵儿系列: free restringing for life when broken, parts at cost
    ("10 restring, years on", "2018-03-01 09:00", "2026-03-02 09:00", {"job_type": "restring", "series": "伊朵儿系列", "reason": "broken"}, F, "10a", None),
    ("10 series name without 系列", "2018-03-01 09:00", "2026-03-02 09:00", {"job_type": "restring", "series": "伊朵儿", "reason": "broken"}, F, "10a", None),
    ("10 parts at cost", "2018-03-01 09:00", "2026-03-02 09:00", {"job_type": "add_fitting", "series": "伊朵儿系列"}, COST, "10b", None),
    ("10 other series", "2018-03-01 09:00", "2026-03-02 09:00", {"job_type": "restring", "series": "其他系列", "reason": "broken"}, STD, "", None),
]


@pytest.fixture
def default_set(db):
    return load_default_rules()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "purchase", "request_at", "kwargs", "outcome", "code", "price"), TABLE, ids=[row[0] for row in TABLE])
def test_default_rule_boundaries(default_set, store, name, purchase, request_at, kwargs, outcome, code, price):
    decision = decide(store=store, purchase=bought(purchase), at=at(request_at), **kwargs)
    assert (decision.outcome, decision.rule_code) == (outcome, code), decision.details.get("why_en")
    assert decision.unit_price == (Decimal(price) if price else None)
    assert decision.text_zh and decision.text_en
    if code:
        assert decision.text_zh.startswith(Rule.objects.get(code=code).text_zh)


@pytest.mark.django_db
def test_the_default_set_is_the_ten_clauses_all_published(default_set):
    assert sorted({r["clause"] for r in default_rules()}) == list(range(1, 11))
    assert Rule.objects.filter(status=Status.PUBLISHED, store__isnull=True).count() == len(default_rules())


@pytest.mark.django_db
def test_loading_twice_adds_nothing(default_set):
    before = Rule.objects.count()
    load_default_rules()
    assert Rule.objects.count() == before


@pytest.mark.django_db
def test_charged_amount_is_price_times_quantity(default_set, store):
    decision = decide(store=store, job_type="replace_stone", purchase=bought("2026-01-01 10:00"), quantity=3, at=at("2026-03-01 10:00"))
    assert decision.details["amount"] == "0.90"
    assert decision.unit == "stone"


@pytest.mark.django_db
def test_decision_explains_which_rule_failed_and_the_deadline(default_set, store):
    decision = decide(store=store, job_type="replace_stone", purchase=bought("2026-01-31 10:00"), receipt_shown=True, at=at("2026-03-01 08:00"))
    assert decision.rule_code == "2b"
    assert any("2a" in line and "2026-02-28" in line for line in decision.details["why_en"])
    assert any("2a" in line and "2026-02-28" in line for line in decision.details["why_zh"])


@pytest.mark.django_db
def test_free_stone_sentence_reads_as_the_issue_asks(default_set):
    rule = Rule.objects.get(code="2a")
    assert rule.text_zh == "购买一个月内凭小票免费补钻（特殊钻除外）。"
    assert rule.text_en == "Free stone replacement within one month of purchase with the receipt (special stones excluded)."


@pytest.mark.django_db
def test_a_real_purchase_row_gives_its_flags(default_set, store):
    from customers.models import Customer, Purchase

    customer = Customer.objects.create(name="王芳", phone="+8613800000001", phone_last4="0001", home_store=store)
    purchase = Purchase.objects.create(customer=customer, store=store, receipt_number="X1", purchased_at=at("2026-03-01 10:00"),
                                       item="银手链", material="ag925", price=Decimal("199.00"), special_price=True)
    assert decide(store=store, job_type="clean", purchase=purchase, at=at("2026-03-05 10:00")).rule_code == "5"
    purchase.special_price = False
    assert decide(store=store, job_type="clean", purchase=purchase, at=at("2026-03-05 10:00")).rule_code == "9a"


PRINTED = {
    "1": "购买48小时内凭小票、商品完整且不影响二次销售时可换货（限一次）。",
    "2a": "购买一个月内凭小票免费补钻（特殊钻除外）。",
    "2b": "补钻按0.3元/粒收费（特殊钻除外）。",
    "3a": "手表购买3个月内凭小票免费维修（人为损坏、进水除外）。",
    "3b": "手表换电池按3元/个收费。",
    "3c": "手表换机芯按10元/个收费。",
    "3d": "手表人为损坏、进水时不保修。",
    "4": "一次性商品不保修。",
    "5": "特价商品不保修、不换货、不退货。",
    "6": "合金商品终身免费焊接。",
    "7": "竖夹断裂时不可维修（有底夹的竖夹可换底夹）。",
    "8a": "眼镜不可维修镜片。",
    "8b": "眼镜购买一个月内凭小票免费上螺丝。",
    "8c": "眼镜上螺丝按0.5元/粒收费。",
    "9a": "银饰终身免费清洗。",
    "9b": "银饰断裂时终身免费焊接。",
    "10a": "伊朵儿系列断裂时终身免费穿线。",
    "10b": "伊朵儿系列配件按成本价（厂家定价）收费。",
}


@pytest.mark.django_db
def test_the_generated_customer_sentences_say_what_seed_002_says(default_set):
    assert {r.code: r.text_zh for r in Rule.objects.all()} == PRINTED


@pytest.mark.django_db
def test_an_override_text_replaces_the_generated_one(default_set):
    from aftersales.policy import services
    from aftersales.policy.demo import SYSTEM

    rule = Rule.objects.get(code="6")
    services.rule_update(actor=SYSTEM, rule_id=rule.pk, data={"text_zh_override": "合金材料商品在脱焊的情况下，终身免费修理。"},
                         expected_version=rule.version)
    assert Rule.objects.get(pk=rule.pk).text_zh == "合金材料商品在脱焊的情况下，终身免费修理。"
    assert Rule.objects.get(pk=rule.pk).text_en == "Alloy pieces: free re-soldering for life."
