from datetime import timedelta

import pytest
import time_machine

from aftersales.models import Event
from aftersales.notifications import services, sweeps
from aftersales.notifications.models import Message, Status, StoredSend

from .conftest import at

pytestmark = pytest.mark.django_db

CONTEXT = {"order_number": "HX-R2611-00042", "pickup_deadline": at(22, 12).date()}


def _notify(customer, store, key="ready:1", kind="ready_for_pickup", **kwargs):
    return services.notify(customer=customer, kind=kind, context=CONTEXT, store=store, dedupe_key=key, **kwargs)


def test_notify_twice_with_one_key_makes_one_message_and_one_send(customer, store, db_gateway, eager, django_capture_on_commit_callbacks):
    with time_machine.travel(at(23, 10), tick=False), django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = _notify(customer, store, related=store)
        second = _notify(customer, store, related=store)
    assert first.pk == second.pk
    assert len(callbacks) == 1  # the send was enqueued once, on commit
    assert Message.objects.count() == 1
    first.refresh_from_db()
    assert first.status == Status.SENT and first.attempts == 1
    assert StoredSend.objects.filter(message=first).count() == 1
    assert first.subject_type == "aftersales.store" and first.subject_id == store.pk


def test_notify_renders_the_wording_with_customer_store_and_context(customer, store, db_gateway):
    message = _notify(customer, store)
    assert message.language == "zh-hans" and message.to_address == "+8613812345678"
    assert message.body.startswith("【黄兴店】王丽您好")
    assert "HX-R2611-00042" in message.body and "2026年11月22日" in message.body
    assert message.subject == "您的维修件已完工"


def test_an_edited_wording_is_used_for_new_messages(customer, store, chain_manager, db_gateway):
    services.template_save(kind="ready_for_pickup", language="zh-hans", subject="完工", body="{{ customer_name }}：{{ order_number }} 可取", actor=chain_manager)
    assert _notify(customer, store).body == "王丽：HX-R2611-00042 可取"


def test_sending_again_or_a_redelivered_task_changes_nothing(customer, store, db_gateway):
    message = _notify(customer, store)
    with time_machine.travel(at(23, 10), tick=False):
        services.message_send(message_id=message.pk)
        services.message_send(message_id=message.pk)
        run = sweeps.run(services.RELEASE, now=at(23, 12))
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1
    assert StoredSend.objects.count() == 1 and run.processed == 0
    assert services.message_send(message_id=999999) is None


def test_marketing_without_consent_is_suppressed_and_recorded(customer, store, db_gateway, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = _notify(customer, store, key="birthday:2026", kind="birthday")
    assert message.status == Status.SUPPRESSED and callbacks == []
    assert Event.objects.filter(kind="notification.suppressed", subject_id=message.pk).exists()
    assert not StoredSend.objects.exists()


def test_service_messages_go_to_customers_without_marketing_consent(customer, store, db_gateway):
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=_notify(customer, store).pk)
    assert message.status == Status.SENT


def test_consent_withdrawn_after_queueing_stops_the_marketing_message(consenting, store, db_gateway):
    message = _notify(consenting, store, key="cleaning:1", kind="cleaning_invitation")
    assert message.status == Status.QUEUED
    consenting.marketing_consent = False
    consenting.save()
    with time_machine.travel(at(23, 10), tick=False):
        services.message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.SUPPRESSED
    assert not StoredSend.objects.exists()
    assert Event.objects.filter(kind="notification.suppressed", subject_id=message.pk).count() == 1


def test_a_consenting_customer_gets_marketing(consenting, store, db_gateway):
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=_notify(consenting, store, key="b:1", kind="birthday").pk)
    assert message.status == Status.SENT and "回复TD退订" in message.body


def test_quiet_hours_hold_a_message_until_morning_and_the_sweep_releases_it(customer, store, db_gateway):
    with time_machine.travel(at(23, 22, 30), tick=False):
        message = _notify(customer, store)
        services.message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.QUIET
    assert message.due_at == at(24, 9, 0)
    assert not StoredSend.objects.exists()

    with time_machine.travel(at(24, 8, 59), tick=False):
        early = sweeps.run(services.RELEASE)
    message.refresh_from_db()
    assert early.processed == 0 and message.status == Status.QUIET

    with time_machine.travel(at(24, 9, 0), tick=False):
        morning = sweeps.run(services.RELEASE)
    message.refresh_from_db()
    assert morning.processed == 1 and morning.finished_at is not None
    assert message.status == Status.SENT and StoredSend.objects.count() == 1


def test_quiet_hours_after_midnight_wait_for_the_same_morning(customer, store, db_gateway):
    with time_machine.travel(at(24, 2, 0), tick=False):
        message = services.message_send(message_id=_notify(customer, store).pk)
    assert message.status == Status.QUIET and message.due_at == at(24, 9, 0)


def test_no_quiet_hours_when_the_setting_is_empty(customer, store, db_gateway):
    db_gateway.QUIET_HOURS = ""
    with time_machine.travel(at(24, 2, 0), tick=False):
        message = services.message_send(message_id=_notify(customer, store).pk)
    assert message.status == Status.SENT


def test_a_bad_quiet_hours_setting_is_refused(db_gateway):
    from django.core.exceptions import ImproperlyConfigured

    db_gateway.QUIET_HOURS = "nine to five"
    with pytest.raises(ImproperlyConfigured):
        services.quiet_hours()


def test_a_queued_message_whose_task_was_lost_is_sent_by_the_sweep(customer, store, db_gateway):
    with time_machine.travel(at(23, 10), tick=False):
        message = _notify(customer, store)  # no on-commit: the task never ran
    with time_machine.travel(at(23, 10, 1), tick=False):
        assert sweeps.run(services.RELEASE).processed == 0  # still within the grace for its task
    with time_machine.travel(at(23, 10, 3), tick=False):
        assert sweeps.run(services.RELEASE).processed == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_failures_are_retried_by_the_sweep_with_growing_delays_up_to_the_limit(customer, store, db_gateway):
    db_gateway.SMS_GATEWAY = "tests.notifications.fakes.FailingGateway"
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=_notify(customer, store).pk)
    assert message.status == Status.FAILED and message.attempts == 1
    assert message.last_answer == "HTTP 503 gateway busy"
    assert message.due_at == at(23, 10, 10)

    assert sweeps.run(services.RETRY, now=at(23, 10, 9)).processed == 0
    assert sweeps.run(services.RETRY, now=at(23, 10, 10)).processed == 1
    message.refresh_from_db()
    assert message.attempts == 2 and message.due_at == at(23, 10, 30)  # 10, then 20 minutes

    assert sweeps.run(services.RETRY, now=at(23, 10, 30)).processed == 1
    message.refresh_from_db()
    assert message.attempts == 3 and message.due_at is None and message.gave_up  # NOTIFY_MAX_ATTEMPTS = 3
    assert Event.objects.filter(kind="notification.failed", subject_id=message.pk).count() == 1
    assert sweeps.run(services.RETRY, now=at(30, 10)).processed == 0


def test_a_gateway_that_raises_is_recorded_as_a_failure(customer, store, db_gateway):
    db_gateway.SMS_GATEWAY = "tests.notifications.fakes.RaisingGateway"
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=_notify(customer, store).pk)
    assert message.status == Status.FAILED and "ConnectionResetError: peer reset" in message.last_answer


def test_a_retry_that_succeeds_marks_the_message_sent(customer, store, db_gateway):
    db_gateway.SMS_GATEWAY = "tests.notifications.fakes.FailingGateway"
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=_notify(customer, store).pk)
    db_gateway.SMS_GATEWAY = "db"
    run = sweeps.run(services.RETRY, now=at(23, 11))
    message.refresh_from_db()
    assert run.processed == 1 and message.status == Status.SENT and message.attempts == 2


def test_a_manager_retries_a_message_that_was_given_up(customer, store, manager, db_gateway, eager, django_capture_on_commit_callbacks):
    db_gateway.SMS_GATEWAY = "tests.notifications.fakes.FailingGateway"
    message = _notify(customer, store)
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=3, due_at=None)
    db_gateway.SMS_GATEWAY = "db"
    with time_machine.travel(at(23, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.message_retry(message_id=message.pk, actor=manager)
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 3
    assert Event.objects.filter(kind="notification.retried", actor=manager).exists()
    with pytest.raises(services.IllegalRetry):
        services.message_retry(message_id=message.pk, actor=manager)


def test_email_goes_through_the_django_email_backend(customer, store, db_gateway, mailoutbox):
    customer.email = "wang@example.com"  # the customers app adds the field; notify reads it if there
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=_notify(customer, store, channel="email").pk)
    assert message.status == Status.SENT and message.to_address == "wang@example.com"
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "您的维修件已完工" and "HX-R2611-00042" in mailoutbox[0].body


def test_email_without_an_address_fails_at_once_without_retries(customer, store, db_gateway):
    with time_machine.travel(at(23, 10), tick=False):
        message = services.message_send(message_id=_notify(customer, store, channel="email").pk)
    assert message.status == Status.FAILED and message.gave_up and message.attempts == 0


def test_an_english_speaking_customer_gets_english(customer, store, db_gateway):
    customer.language = "en"
    message = _notify(customer, store)
    assert message.language == "en" and message.body.startswith("[黄兴店] Dear 王丽") and "22 Nov 2026" in message.body


def test_sweep_runs_are_recorded_with_their_batches(customer, store, db_gateway):
    with time_machine.travel(at(23, 10), tick=False):
        for i in range(5):
            _notify(customer, store, key=f"k:{i}")
    run = sweeps.run(services.RELEASE, now=at(23, 10) + timedelta(days=1), batch_size=2)
    assert (run.processed, run.batches, run.errors) == (5, 3, 0)
    assert StoredSend.objects.count() == 5


def test_a_broker_that_is_down_does_not_fail_the_caller(customer, store, db_gateway, monkeypatch, django_capture_on_commit_callbacks):
    from aftersales.notifications import tasks

    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.send_message, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        message = _notify(customer, store)
    assert message.status == Status.QUEUED and message.due_at is not None  # the release sweep sends it later


def test_a_concurrent_notify_that_loses_the_insert_returns_the_winners_message(customer, store, db_gateway, monkeypatch):
    winner = _notify(customer, store)
    # The other transaction committed after our look and before our insert.
    monkeypatch.setattr(services, "_existing", lambda key: None)
    loser = _notify(customer, store)
    assert loser.pk == winner.pk and Message.objects.count() == 1
