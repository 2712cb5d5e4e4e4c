import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.models import Event
from aftersales.notifications.models import Message, MessageTemplate, Status, SweepRun
from tests.conftest import login
from tests.notifications.helpers import to

from .conftest import make_customer

pytestmark = pytest.mark.django_db


def _message(store, key, status=Status.SENT, **kwargs):
    customer = make_customer(store, phone=f"+86138{abs(hash(key)) % 10**8:08d}")
    return Message.objects.create(**to(customer), store=store, kind="ready_for_pickup", language="zh-hans",
                                  to_address=customer.phone, body="正文", dedupe_key=key, status=status, **kwargs)


def test_store_manager_sees_own_store_sweeps_waiting_and_failures(manager_client, store, other_store):
    _message(store, "mine", status=Status.FAILED, last_answer="HTTP 503 busy", attempts=2, due_at=timezone.now())
    _message(store, "quiet", status=Status.QUIET)
    _message(other_store, "theirs", status=Status.FAILED, last_answer="HTTP 500 other store")
    SweepRun.objects.create(name="notifications.release_waiting", started_at=timezone.now(), finished_at=timezone.now(), processed=7)
    response = manager_client.get(reverse("notifications:status"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "HTTP 503 busy" in html and "HTTP 500 other store" not in html
    assert response.context["counts"] == {"queued": 0, "quiet": 1, "failed": 1}
    states = {s.name: s for s in response.context["sweeps"]}
    assert states["notifications.release_waiting"].last.processed == 7
    assert states["notifications.retry_failed"].last is None
    assert len(response.context["page_obj"]) == 2


def test_chain_manager_sees_every_store_and_filters(chain_client, store, other_store):
    _message(store, "a", status=Status.SENT)
    _message(other_store, "b", status=Status.FAILED)
    response = chain_client.get(reverse("notifications:status"))
    assert len(response.context["page_obj"]) == 2
    response = chain_client.get(reverse("notifications:status"), {"status": "failed"})
    assert [m.dedupe_key for m in response.context["page_obj"]] == ["b"]
    response = chain_client.get(reverse("notifications:status"), {"store": other_store.pk})
    assert [m.dedupe_key for m in response.context["page_obj"]] == ["b"]


def test_counter_staff_may_not_see_the_status_page(counter_client):
    assert counter_client.get(reverse("notifications:status")).status_code == 403


def test_status_page_runs_a_fixed_number_of_queries(manager_client, store, django_assert_max_num_queries):
    for i in range(3):
        _message(store, f"few:{i}", status=Status.FAILED)
    with django_assert_max_num_queries(30) as few:
        manager_client.get(reverse("notifications:status"))
    for i in range(40):
        _message(store, f"many:{i}", status=Status.FAILED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        manager_client.get(reverse("notifications:status"))


def test_message_page_and_manager_retry(manager_client, counter_client, store, settings):
    settings.SMS_GATEWAY = "db"
    message = _message(store, "failed", status=Status.FAILED, attempts=5, last_answer="HTTP 500")
    response = counter_client.get(reverse("notifications:message", args=[message.pk]))
    assert response.status_code == 200 and not response.context["may_retry"]
    assert counter_client.post(reverse("notifications:message_retry", args=[message.pk])).status_code == 403
    response = manager_client.post(reverse("notifications:message_retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert Event.objects.filter(kind="notification.retried", subject_id=message.pk).exists()
    response = manager_client.post(reverse("notifications:message_retry", args=[message.pk]), follow=True)
    assert "只有发送失败的消息" in response.content.decode() or "Only a failed message" in response.content.decode()


def test_chain_manager_edits_the_wording(chain_client, chain_manager):
    url = reverse("notifications:template_edit") + "?kind=pickup_reminder&language=zh-hans"
    response = chain_client.get(url)
    assert response.status_code == 200 and "HX-R2611-00042" in response.context["preview"]
    response = chain_client.post(reverse("notifications:template_edit"), {
        "kind": "pickup_reminder", "language": "zh-hans", "subject": "提醒", "body": "{{ customer_name }} 请于{{ pickup_deadline }}前取件", "version": 0,
    })
    assert response.status_code == 302
    row = MessageTemplate.objects.get(kind="pickup_reminder", language="zh-hans")
    assert row.updated_by == chain_manager and row.body.startswith("{{ customer_name }}")
    assert chain_client.get(reverse("notifications:templates")).status_code == 200


def test_a_wording_that_does_not_render_is_shown_with_the_error_and_kept(chain_client):
    bad = "{{ customer_name }} {{ no_such_value }}"
    response = chain_client.post(reverse("notifications:template_edit"), {
        "kind": "pickup_reminder", "language": "en", "subject": "", "body": bad, "version": 0,
    })
    assert response.status_code == 200
    assert "no_such_value" in response.context["error"]
    assert bad in response.content.decode().replace("&#x27;", "'")  # what was typed is still there
    assert not MessageTemplate.objects.exists()


def test_store_manager_may_not_edit_the_wording(manager_client):
    assert manager_client.get(reverse("notifications:templates")).status_code == 403
    assert manager_client.get(reverse("notifications:template_edit") + "?kind=birthday&language=en").status_code == 403


def test_an_unknown_kind_goes_back_to_the_list(chain_client):
    response = chain_client.get(reverse("notifications:template_edit") + "?kind=nope&language=en")
    assert response.status_code == 302 and response["Location"] == reverse("notifications:templates")


def test_timeline_entries_list_the_customers_messages(store):
    message = _message(store, "tl", status=Status.SENT, sent_at=timezone.now())
    from customers.models import Customer
    from customers.recipients import message_entries

    [entry] = message_entries(Customer.objects.get(pk=message.recipient_id))
    assert entry.url == reverse("notifications:message", args=[message.pk])
    assert entry.title == message.kind_label and "正文" in entry.detail


def test_other_store_manager_cannot_open_a_message(store, other_store):
    from aftersales.models import Role
    from tests.conftest import make_user

    message = _message(store, "private")
    client = login(make_user("dtmgr", Role.MANAGER, other_store))
    assert client.get(reverse("notifications:message", args=[message.pk])).status_code == 404


def test_demo_seed_is_safe_to_run_twice(store):
    from aftersales.notifications import demo

    ctx = {"stores": {"HX": store}, "recipients": {"HX": make_customer(store)}}  # the customers' demo gives the recipient
    demo.seed(ctx)
    demo.seed(ctx)
    assert Message.objects.count() == 4 and SweepRun.objects.count() == 2
    assert set(Message.objects.values_list("status", flat=True)) == {"sent", "quiet", "failed", "suppressed"}
