"""Policy pages: the staff page, the customer print, try-it with a draft, the rule form and its errors."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.urls import reverse

from aftersales.models import Event
from aftersales.policy.demo import load_default_rules
from aftersales.policy.models import Rule, Status
from tests.conftest import login
from tests.policy.helpers import make_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_set(db):
    return load_default_rules()


def _form(**overrides) -> dict:
    data = {
        "clause": "11", "code": "11", "name": "K金免费抛光", "priority": "60", "valid_from": "2026-01-01", "valid_to": "",
        "store": "", "job_types": ["polish"], "materials": ["au750"], "series": "", "window": "months", "window_length": "6",
        "receipt_required": "on", "special_price": "any", "single_use": "any", "max_uses": "", "outcome": "free", "unit": "",
        "unit_price": "", "alternative_zh": "", "alternative_en": "", "text_zh_override": "", "text_en_override": "",
        "submit_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_counter_staff_read_the_policy_in_force(counter_client, default_set):
    html = counter_client.get(reverse("policy:index")).content.decode()
    assert "购买一个月内凭小票免费补钻（特殊钻除外）。" in html
    assert "否则：" in html  # 2b follows 2a in clause 2
    assert reverse("policy:create") not in html


def test_the_rule_page_shows_what_the_rule_applies_to(counter_client, default_set):
    html = counter_client.get(reverse("policy:detail", args=[Rule.objects.get(code="3a").pk])).content.decode()
    assert "手表" in html and "人为损坏" in html and "进水" in html
    assert "购买3个月内" in html


def test_counter_staff_cannot_open_the_rule_form(counter_client):
    assert counter_client.get(reverse("policy:create")).status_code == 403


def test_counter_staff_do_not_see_drafts(counter_client, store):
    draft = make_rule(code="D1", name="草稿规则", publish=False)
    assert "草稿规则" not in counter_client.get(reverse("policy:index")).content.decode()
    assert counter_client.get(reverse("policy:detail", args=[draft.pk])).status_code == 403


def test_the_staff_page_runs_a_fixed_number_of_queries(chain_client, default_set, django_assert_max_num_queries):
    with django_assert_max_num_queries(20) as few:
        chain_client.get(reverse("policy:index"))
    for n in range(30):
        make_rule(code=f"X{n}", priority=200 + n, publish=n % 2 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        chain_client.get(reverse("policy:index"))


def test_the_print_page_is_chinese_and_matches_the_decisions(default_set, store):
    from aftersales.models import User

    user = User.objects.create_user("en-counter", password="x", language="en")
    from aftersales.models import Role, StaffMembership

    StaffMembership.objects.create(user=user, store=store, role=Role.COUNTER)
    html = login(user).get(reverse("policy:print")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "navbar" not in html
    for rule in Rule.objects.filter(status=Status.PUBLISHED):
        assert rule.text_zh in html, rule.code
    assert "黄兴店" in html
    # "Otherwise" only where a rule catches what an earlier one leaves when its time limit or receipt fails
    assert "否则：补钻按0.3元/粒收费" in html and "否则：眼镜上螺丝按0.5元/粒收费" in html
    assert "否则：眼镜购买一个月内" not in html and "否则：银饰" not in html


def test_copy_as_a_new_draft_prefills_the_form(chain_client, default_set):
    rule = Rule.objects.get(code="2b")
    html = chain_client.get(reverse("policy:create") + f"?copy={rule.pk}").content.decode()
    assert 'value="补钻收费"' in html and 'value="0.30"' in html


def test_a_store_override_replaces_the_chain_clause_on_the_print(default_set, store, other_store, counter_client):
    make_rule(store=other_store, code="2b", clause=2, name="东塘补钻", job_types=["replace_stone"], priority=50,
              facts_excluded=["special_stone"], outcome="charged", unit="stone", unit_price="0.20")
    html = counter_client.get(reverse("policy:print")).content.decode()
    assert "0.3元/粒" in html and "0.2元/粒" not in html  # HX prints the chain's price


def test_chain_manager_creates_a_rule_and_a_double_click_makes_one(chain_client, chain_manager):
    data = _form()
    first = chain_client.post(reverse("policy:create"), data)
    second = chain_client.post(reverse("policy:create"), data)
    rule = Rule.objects.get(code="11")
    assert first["Location"] == second["Location"] == reverse("policy:detail", args=[rule.pk])
    assert (rule.status, rule.window_length, rule.materials, rule.created_by) == (Status.DRAFT, 6, ["au750"], chain_manager)
    assert Event.objects.filter(kind="policy.rule_created", subject_id=rule.pk).count() == 1


def test_a_negative_window_is_shown_on_the_form_keeping_what_was_typed(chain_client):
    response = chain_client.post(reverse("policy:create"), _form(window_length="-3", name="我输入的名称"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "期限不能为负数" in html
    assert 'value="我输入的名称"' in html and 'value="-3"' in html
    assert not Rule.objects.exists()


def test_a_charged_rule_without_a_price_is_shown_on_the_form(chain_client):
    html = chain_client.post(reverse("policy:create"), _form(outcome="charged")).content.decode()
    assert "收费的结果需要单价" in html and "收费的结果需要计价单位" in html


def test_a_conflict_names_the_other_rule_on_the_form(chain_client, default_set):
    html = chain_client.post(reverse("policy:create"), _form(job_types=["replace_stone"], materials=[], priority="60")).content.decode()
    assert "规则2a" in html and "一个月内免费补钻" in html
    assert not Rule.objects.filter(code="11").exists()


def test_bad_input_is_never_a_500(chain_client):
    response = chain_client.post(reverse("policy:create"), {"priority": "abc", "valid_from": "not a date", "job_types": ["nope"]})
    assert response.status_code == 200


def test_store_manager_adds_an_override_for_their_store_only(manager_client, store, other_store):
    page = manager_client.get(reverse("policy:create")).content.decode()
    assert other_store.name not in page and ">全连锁</option>" not in page
    manager_client.post(reverse("policy:create"), _form(store=str(store.pk)))
    assert Rule.objects.get(code="11").store == store
    response = manager_client.post(reverse("policy:create"), _form(store=str(other_store.pk), code="12"))
    assert response.status_code == 200 and not Rule.objects.filter(code="12").exists()


def test_publishing_with_a_stale_or_garbled_version(chain_client):
    rule = make_rule(code="11", publish=False)
    response = chain_client.post(reverse("policy:publish", args=[rule.pk]), {"version": str(rule.version + 1)}, follow=True)
    assert "其他人" in response.content.decode() or "Someone else" in response.content.decode()
    assert Rule.objects.get(pk=rule.pk).status == Status.DRAFT
    assert chain_client.post(reverse("policy:publish", args=[rule.pk]), {"version": "abc"}).status_code == 302
    assert Rule.objects.get(pk=rule.pk).status == Status.DRAFT


def test_store_manager_cannot_edit_a_chain_rule(manager_client):
    rule = make_rule(code="chain")
    assert manager_client.get(reverse("policy:edit", args=[rule.pk])).status_code == 403


def test_edit_with_a_stale_version_is_refused(chain_client, chain_manager):
    rule = make_rule(code="11", name="旧名称", job_types=["polish"])
    data = _form(name="新名称", version=str(rule.version), window="life", window_length="")
    Rule.objects.filter(pk=rule.pk).update(version=rule.version + 1)  # someone else saved meanwhile
    html = chain_client.post(reverse("policy:edit", args=[rule.pk]), data).content.decode()
    assert "其他人" in html or "Someone else" in html
    assert Rule.objects.get(pk=rule.pk).name == "旧名称"


def test_the_edit_form_shows_the_saved_values(chain_client):
    rule = make_rule(code="11", materials=["au750"], valid_to=date(2026, 12, 31))
    html = chain_client.get(reverse("policy:edit", args=[rule.pk])).content.decode()
    assert 'value="2024-01-01"' in html and 'value="2026-12-31"' in html
    assert "<details open>" in html


def test_edit_and_publish_through_the_pages(chain_client):
    rule = make_rule(code="11", job_types=["polish"], publish=False)
    data = _form(name="改过的名称", version=str(rule.version), window="life", window_length="")
    assert chain_client.post(reverse("policy:edit", args=[rule.pk]), data).status_code == 302
    rule.refresh_from_db()
    assert rule.name == "改过的名称"
    chain_client.post(reverse("policy:publish", args=[rule.pk]), {"version": rule.version})
    rule.refresh_from_db()
    assert rule.status == Status.PUBLISHED
    html = chain_client.get(reverse("policy:detail", args=[rule.pk])).content.decode()
    assert "条款已发布" in html and "条款已修改" in html


def test_try_it_shows_the_deciding_rule_and_why(counter_client, default_set, store):
    response = counter_client.get(reverse("policy:try"), {
        "store": store.pk, "job_type": "replace_stone", "purchased_at": "2026-01-31T10:00", "receipt_shown": "on",
        "at": "2026-03-01T09:00", "quantity": "2",
    })
    html = response.content.decode()
    assert 'data-outcome="charged"' in html
    assert "2b" in html and "2026-02-28" in html
    assert "¥0.60" in html
    assert 'name="drafts"' not in html  # counter staff try the published policy only


def test_try_it_with_a_draft_rule_before_publishing(chain_client, default_set, store):
    draft = make_rule(code="2c", name="会员补钻", job_types=["replace_stone"], priority=55, publish=False,
                      valid_from=date(2026, 1, 1))
    params = {"store": store.pk, "job_type": "replace_stone", "purchased_at": "2026-01-31T10:00", "at": "2026-03-01T09:00"}
    assert 'data-outcome="charged"' in chain_client.get(reverse("policy:try"), params).content.decode()
    html = chain_client.get(reverse("policy:try"), {**params, "drafts": [draft.pk]}).content.decode()
    assert 'data-outcome="free"' in html and "会员补钻" in html and "草稿" in html
    assert Rule.objects.get(pk=draft.pk).status == Status.DRAFT


def test_try_it_refuses_a_request_before_the_purchase(counter_client):
    html = counter_client.get(reverse("policy:try"), {
        "job_type": "polish", "purchased_at": "2026-03-01T10:00", "at": "2026-02-01T10:00",
    }).content.decode()
    assert "申请时间不能早于购买时间" in html and 'id="decision"' not in html


def test_another_stores_override_is_not_found(manager_client, other_store):
    rule = make_rule(store=other_store, code="DT1")
    for name in ("policy:detail", "policy:edit"):
        assert manager_client.get(reverse(name, args=[rule.pk])).status_code == 404
    assert manager_client.post(reverse("policy:publish", args=[rule.pk])).status_code == 404
    assert manager_client.get(reverse("policy:create") + f"?copy={rule.pk}").status_code == 404


def test_the_staff_page_speaks_english_to_an_english_account(default_set, store):
    from aftersales.models import Role, StaffMembership, User

    user = User.objects.create_user("en-manager", password="x", language="en")
    StaffMembership.objects.create(user=user, store=store, role=Role.MANAGER)
    html = login(user).get(reverse("policy:index")).content.decode()
    assert "Free stone replacement within one month of purchase with the receipt (special stones excluded)." in html
    assert "Otherwise:" in html
