"""Closing with root cause and corrective action, reopening, and corrective actions verified later."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aftersales import roles
from aftersales.concurrency import StaleEdit
from aftersales.models import Role
from tests.tickets.factories import acknowledge, at, local, make_case, staff
from tickets import services
from tickets.models import ActionStatus, CorrectiveAction, RootCause, Status

NOW = local(2026, 4, 1, 11, 0)


@pytest.fixture
def resolved(store):
    with at(NOW):
        case = make_case(store)
        acknowledge(case, at_=NOW)
        services.resolution_record(case_id=case.pk, actor=staff(store), now=NOW, kind="explanation", explanation="已解释")
    case.refresh_from_db()
    return case


def _close(case, actor, **kwargs):
    return services.case_close(case_id=case.pk, actor=actor, now=NOW + timedelta(hours=1), **kwargs)


@pytest.mark.django_db
def test_a_justified_complaint_needs_root_cause_and_corrective_action(store, resolved):
    manager = staff(store, Role.MANAGER)
    cause = RootCause.objects.get(code="workmanship")
    with pytest.raises(services.CaseError) as exc:
        _close(resolved, manager, justified=None)
    assert "justified" in exc.value.error_dict
    with pytest.raises(services.CaseError) as exc:
        _close(resolved, manager, justified=True, action_what="培训焊接", action_owner=manager, action_due=NOW.date() + timedelta(days=7))
    assert "root_cause" in exc.value.error_dict
    with pytest.raises(services.CaseError) as exc:
        _close(resolved, manager, justified=True, root_cause=cause)
    assert "action_what" in exc.value.error_dict
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED and not CorrectiveAction.objects.exists()  # nothing half-saved
    _close(resolved, manager, justified=True, root_cause=cause, action_what="培训焊接", action_owner=manager,
           action_due=NOW.date() + timedelta(days=7))
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED and resolved.root_cause == cause and resolved.justified
    action = CorrectiveAction.objects.get()
    assert (action.what, action.owner, action.status) == ("培训焊接", manager, ActionStatus.OPEN)


@pytest.mark.django_db
def test_an_unjustified_complaint_closes_without_root_cause(store, resolved):
    _close(resolved, staff(store, Role.MANAGER), justified=False, closing_note="顾客使用不当")
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED and resolved.root_cause is None


@pytest.mark.django_db
def test_counter_staff_cannot_close_or_reopen(store, resolved):
    with pytest.raises(roles.NotAllowed):
        _close(resolved, staff(store), justified=False)
    with pytest.raises(roles.NotAllowed):
        services.case_reopen(case_id=resolved.pk, actor=staff(store), now=NOW, reason="x")


@pytest.mark.django_db
def test_reopen_counts_and_gives_a_new_target(store, resolved):
    manager = staff(store, Role.MANAGER)
    services.case_reopen(case_id=resolved.pk, actor=manager, now=NOW + timedelta(hours=2), reason="顾客再次来电")
    resolved.refresh_from_db()
    assert (resolved.status, resolved.reopen_count) == (Status.REOPENED, 1)
    assert resolved.resolution_due_at == NOW + timedelta(hours=2 + 72)


@pytest.mark.django_db
def test_closing_with_a_stale_form_is_refused(store, resolved):
    manager = staff(store, Role.MANAGER)
    stale = resolved.version - 1
    with pytest.raises(StaleEdit):
        _close(resolved, manager, justified=False, expected_version=stale)
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


@pytest.mark.django_db
def test_corrective_action_is_done_then_verified_after_the_set_days(store, resolved):
    manager, counter = staff(store, Role.MANAGER), staff(store)
    action = services.action_create(case_id=resolved.pk, actor=counter, now=NOW, what="复核焊点", owner=counter,
                                    due_date=NOW.date() + timedelta(days=3))
    with pytest.raises(services.CaseError):
        services.action_verify(action_id=action.pk, actor=manager, now=NOW, effective=True, note="x")
    services.action_done(action_id=action.pk, actor=counter, now=NOW + timedelta(days=1), note="已培训")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.verify_on == (NOW + timedelta(days=1)).date() + timedelta(days=30)
    with pytest.raises(services.CaseError):  # too early: it needs time to show whether it worked
        services.action_verify(action_id=action.pk, actor=manager, now=NOW + timedelta(days=30), effective=True, note="无复发")
    with pytest.raises(roles.NotAllowed):
        services.action_verify(action_id=action.pk, actor=counter, now=NOW + timedelta(days=31), effective=True, note="无复发")
    services.action_verify(action_id=action.pk, actor=manager, now=NOW + timedelta(days=31), effective=True, note="无复发")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and action.verified_by == manager


@pytest.mark.django_db
def test_action_list_shows_open_overdue_and_awaiting_verification(store, resolved, manager_client):
    counter = staff(store)
    today = timezone.localdate()
    overdue = CorrectiveAction.objects.create(case=resolved, what="逾期的", owner=counter, due_date=today - timedelta(days=1))
    waiting = CorrectiveAction.objects.create(case=resolved, what="待验证的", owner=counter, due_date=today, status=ActionStatus.DONE,
                                              verify_on=today)
    body = manager_client.get("/cases/actions/?view=overdue").content.decode()
    assert overdue.what in body and waiting.what not in body
    body = manager_client.get("/cases/actions/?view=verify").content.decode()
    assert waiting.what in body and overdue.what not in body
    assert overdue.what in manager_client.get("/cases/actions/").content.decode()
