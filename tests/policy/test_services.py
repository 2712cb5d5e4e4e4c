"""Rule services: validation with clear messages, conflicts named, audit events, edit conflicts, roles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aftersales.concurrency import StaleEdit
from aftersales.models import Event
from aftersales.policy import services
from aftersales.policy.decision import Outcome
from aftersales.policy.demo import SYSTEM
from aftersales.policy.models import Rule, Status
from tests.policy.helpers import make_rule, rule_data

pytestmark = pytest.mark.django_db


def _errors(**overrides) -> dict:
    with pytest.raises(ValidationError) as exc:
        services.rule_create(actor=SYSTEM, data=rule_data(**overrides))
    return exc.value.message_dict


def test_create_makes_a_draft_and_writes_an_event(chain_manager):
    rule = services.rule_create(actor=chain_manager, data=rule_data())
    assert rule.status == Status.DRAFT
    event = Event.objects.get(subject_type="policy.rule", subject_id=rule.pk)
    assert (event.kind, event.actor) == ("policy.rule_created", chain_manager)
    assert event.new["code"] == "T1"


def test_a_negative_window_is_refused():
    assert "不能为负数" in _errors(window="days", window_length=-3)["window_length"][0]


def test_a_window_needs_a_length():
    assert "window_length" in _errors(window="months", window_length=None)


def test_a_charged_outcome_needs_a_unit_and_a_price():
    errors = _errors(outcome=Outcome.CHARGED)
    assert set(errors) >= {"unit", "unit_price"}


def test_a_price_without_the_charged_outcome_is_refused():
    assert "unit_price" in _errors(outcome=Outcome.FREE, unit_price=Decimal("1"))


def test_a_negative_price_is_refused():
    assert "unit_price" in _errors(outcome=Outcome.CHARGED, unit="stone", unit_price=Decimal("-1"))


def test_the_end_cannot_come_before_the_start():
    assert "valid_to" in _errors(valid_from=date(2026, 5, 1), valid_to=date(2026, 4, 30))


def test_overlapping_rules_of_equal_priority_are_refused_naming_the_other():
    make_rule(code="2a", name="一个月内免费补钻", job_types=["replace_stone"])
    errors = _errors(code="2x", job_types=["replace_stone", "polish"])
    assert "2a" in errors["__all__"][0] and "一个月内免费补钻" in errors["__all__"][0]


@pytest.mark.parametrize("difference", [
    {"priority": 51},
    {"job_types": ["clean"]},
    {"categories": ["watch"], "other": {"categories": ["ring"]}},
    {"valid_from": date(2026, 1, 1), "other": {"valid_to": date(2025, 12, 31)}},
    {"special_price": "only", "other": {"special_price": "excluded"}},
    {"reasons": ["misuse"], "other": {"exclude_reasons": ["misuse"]}},
    {"facts_required": ["vertical_clip"], "other": {"facts_excluded": ["vertical_clip"]}},
])
def test_rules_that_cannot_meet_the_same_case_do_not_conflict(difference):
    difference = dict(difference)
    make_rule(code="A", **difference.pop("other", {}))
    services.rule_create(actor=SYSTEM, data=rule_data(code="B", **difference))


def test_a_store_rule_does_not_conflict_with_the_chain_rule(store):
    make_rule(code="chain")
    rule = services.rule_create(actor=SYSTEM, data=rule_data(code="hx", store=store))
    assert rule.store == store


def test_withdrawn_rules_do_not_conflict():
    old = make_rule(code="old")
    services.rule_withdraw(actor=SYSTEM, rule_id=old.pk)
    services.rule_create(actor=SYSTEM, data=rule_data(code="new"))


def test_update_records_old_and_new_values(chain_manager):
    rule = make_rule(code="p", outcome=Outcome.CHARGED, unit="stone", unit_price=Decimal("0.30"))
    services.rule_update(actor=chain_manager, rule_id=rule.pk, data={"unit_price": Decimal("0.40")}, expected_version=rule.version)
    event = Event.objects.filter(subject_id=rule.pk, kind="policy.rule_updated").get()
    assert (event.old, event.new) == ({"unit_price": "0.30"}, {"unit_price": "0.40"})


def test_a_stale_edit_is_refused_and_changes_nothing(chain_manager):
    rule = make_rule(code="p")
    services.rule_update(actor=chain_manager, rule_id=rule.pk, data={"name": "first"}, expected_version=rule.version)
    with pytest.raises(StaleEdit):
        services.rule_update(actor=chain_manager, rule_id=rule.pk, data={"name": "second"}, expected_version=rule.version)
    assert Rule.objects.get(pk=rule.pk).name == "first"


def test_an_invalid_update_changes_nothing(chain_manager):
    rule = make_rule(code="p")
    with pytest.raises(ValidationError):
        services.rule_update(actor=chain_manager, rule_id=rule.pk, data={"window": "days", "window_length": -1}, expected_version=rule.version)
    fresh = Rule.objects.get(pk=rule.pk)
    assert (fresh.window, fresh.version) == ("life", rule.version)


def test_publish_is_recorded_once_and_a_withdrawn_rule_stays_withdrawn(chain_manager):
    rule = make_rule(code="p", publish=False)
    services.rule_publish(actor=chain_manager, rule_id=rule.pk, expected_version=rule.version)
    services.rule_publish(actor=chain_manager, rule_id=rule.pk)  # already done: nothing happens
    assert Event.objects.filter(subject_id=rule.pk, kind="policy.rule_published").count() == 1
    services.rule_withdraw(actor=chain_manager, rule_id=rule.pk)
    with pytest.raises(services.IllegalTransition):
        services.rule_publish(actor=chain_manager, rule_id=rule.pk)
    with pytest.raises(services.RuleNotEditable):
        services.rule_update(actor=chain_manager, rule_id=rule.pk, data={"name": "x"}, expected_version=None)


def test_publishing_rechecks_conflicts():
    first = make_rule(code="A", publish=False)
    second = make_rule(code="B", priority=51, publish=False)
    Rule.objects.filter(pk=second.pk).update(priority=50)  # e.g. written by an older version, or by hand
    with pytest.raises(ValidationError):
        services.rule_publish(actor=SYSTEM, rule_id=first.pk)
    assert Rule.objects.get(pk=first.pk).status == Status.DRAFT


def test_only_chain_managers_make_chain_rules(manager, counter, chain_manager):
    for user in (manager, counter):
        with pytest.raises(PermissionDenied):
            services.rule_create(actor=user, data=rule_data())
    assert services.rule_create(actor=chain_manager, data=rule_data()).store is None


def test_a_store_manager_makes_overrides_for_their_own_store_only(manager, store, other_store):
    rule = services.rule_create(actor=manager, data=rule_data(store=store))
    with pytest.raises(PermissionDenied):
        services.rule_create(actor=manager, data=rule_data(code="T2", store=other_store))
    with pytest.raises(PermissionDenied):
        services.rule_update(actor=manager, rule_id=rule.pk, data={"store": None}, expected_version=rule.version)
    assert Rule.objects.get(pk=rule.pk).store == store
    services.rule_publish(actor=manager, rule_id=rule.pk)


def test_counter_staff_cannot_publish(counter, store):
    rule = make_rule(code="hx", store=store, publish=False)
    with pytest.raises(PermissionDenied):
        services.rule_publish(actor=counter, rule_id=rule.pk)
