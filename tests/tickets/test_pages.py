"""The case pages: lists, the new-case form, the case page's forms keep input and say what to fix."""

import pytest
from django.utils import timezone

from aftersales import once
from tests.customers.factories import CustomerFactory
from tests.tickets.factories import acknowledge, category, make_case
from tickets.models import Case, Status


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["open", "to_ack", "overdue", "mine", "awaiting", "reopened", "all", "bogus"])
def test_lists_render_in_few_queries(store, counter, counter_client, view, django_assert_max_num_queries):
    for _ in range(3):
        make_case(store, actor=counter)
    with django_assert_max_num_queries(15):
        response = counter_client.get(f"/cases/?view={view}&status=received&kind=complaint&q=HX")
    assert response.status_code == 200


@pytest.mark.django_db
def test_to_acknowledge_and_by_category(store, counter, counter_client):
    waiting = make_case(store, actor=counter, category=category("fees_prices"))
    done = acknowledge(make_case(store, actor=counter))
    body = counter_client.get("/cases/?view=to_ack").content.decode()
    assert waiting.number in body and done.number not in body
    body = counter_client.get(f"/cases/?view=all&category={category('fees_prices').pk}").content.decode()
    assert waiting.number in body and done.number not in body


@pytest.mark.django_db
def test_new_case_by_the_last_four_digits_then_picking_the_customer(store, counter, counter_client):
    customer = CustomerFactory(home_store=store, phone="+8613912345678", phone_last4="5678")
    data = {"phone": "5678", "kind": "complaint", "channel": "hotline", "category": category().pk, "urgency": "normal",
            "description": "项链扣坏了", once.FIELD: once.new_token()}
    page = counter_client.post("/cases/new/", data)
    assert page.status_code == 200 and f'value="{customer.pk}"' in page.content.decode() and not Case.objects.exists()
    response = counter_client.post("/cases/new/", {**data, "customer": customer.pk, once.FIELD: once.new_token()})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url() and case.customer == customer


@pytest.mark.django_db
def test_a_bad_acknowledgement_keeps_the_input_and_says_what_to_fix(store, counter, counter_client):
    case = make_case(store, actor=counter)
    before = timezone.localtime(case.received_at - timezone.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = counter_client.post(f"/cases/{case.number}/do/contact/", {
        "method": "call", "at": before, "told": "已告知处理流程", "acknowledgement": "on", "expected_by": timezone.localdate().isoformat(),
    })
    assert response.status_code == 400
    assert "已告知处理流程" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


@pytest.mark.django_db
def test_counter_sees_no_close_form_and_a_post_is_403(store, counter, counter_client):
    case = acknowledge(make_case(store, actor=counter))
    assert 'id="close-form"' not in counter_client.get(case.get_absolute_url()).content.decode()
    assert counter_client.post(f"/cases/{case.number}/do/close/", {"justified": "0"}).status_code == 403


@pytest.mark.django_db
def test_settings_and_calendar_are_for_chain_managers(manager_client, chain_client):
    assert manager_client.get("/cases/settings/").status_code == 403
    assert chain_client.get("/cases/settings/").status_code == 200
    assert chain_client.get("/cases/calendar/").status_code == 200
    response = chain_client.post("/cases/calendar/", {"year": "2027", "holidays": "2027-10-01..2027-10-07 国庆节\n2027-13-01"})
    assert response.status_code == 200 and "2027-13-01" in response.content.decode()
    response = chain_client.post("/cases/calendar/", {"year": "2027", "holidays": "2027-10-01..2027-10-07 国庆节", "workdays": "2027-10-09 调休"})
    assert response.status_code == 302
    from tickets.models import OfficialDay

    assert OfficialDay.objects.filter(kind="holiday").count() == 7 and OfficialDay.objects.filter(kind="workday").count() == 1


@pytest.mark.django_db
def test_settings_refuse_a_chain_limit_below_the_store_limit(chain_client):
    from tickets.models import CaseSettings

    row = CaseSettings.objects.get(pk=1)
    data = {"ack_hours": 24, "ack_reminder_hours": 4, "target_normal_hours": 72, "target_urgent_hours": 24, "target_critical_hours": 12,
            "regulator_working_days": 7, "store_limit": "500", "chain_limit": "100", "verify_after_days": 30, "version": row.version}
    assert chain_client.post("/cases/settings/", data).status_code == 200
    assert CaseSettings.objects.get(pk=1).chain_limit != 100
    assert chain_client.post("/cases/settings/", {**data, "chain_limit": "2000"}).status_code == 302
    assert CaseSettings.objects.get(pk=1).chain_limit == 2000


@pytest.mark.django_db
def test_repair_intake_opened_from_a_case_shows_it(store, counter, counter_client):
    case = make_case(store, actor=counter)
    body = counter_client.get(f"/repairs/new/?origin=tickets.case:{case.pk}&customer={case.customer_id}").content.decode()
    assert 'id="intake-origin"' in body and case.number in body
    assert 'id="intake-origin"' not in counter_client.get("/repairs/new/?origin=tickets.case:999999").content.decode()


@pytest.mark.django_db
def test_a_double_clicked_acknowledgement_records_one_contact_and_one_sms(store, counter, counter_client, settings):
    from aftersales.notifications.models import Message

    settings.QUIET_HOURS = ""
    case = make_case(store, actor=counter)
    data = {"method": "call", "told": "已受理", "acknowledgement": "on", "expected_by": timezone.localdate().isoformat(),
            once.FIELD: once.new_token()}
    first = counter_client.post(f"/cases/{case.number}/do/contact/", data)
    second = counter_client.post(f"/cases/{case.number}/do/contact/", data)
    assert first.status_code == second.status_code == 302
    assert case.contacts.count() == 1 and Message.objects.filter(kind="case_acknowledged").count() == 1
