"""The 24-hour promise at its boundary, and regulator deadlines in official working days."""

from datetime import date, timedelta

import pytest

from aftersales import roles
from aftersales.models import Event, Role
from aftersales.notifications import sweeps
from tests.tickets.factories import acknowledge, at, local, make_case, staff
from tickets import checks, services, workdays
from tickets.models import AlertKind, Channel, StaffAlert, Status
from tickets.services import setup
from tickets.tasks import ACK_OVERDUE

RECEIVED = local(2026, 3, 2, 10, 0)
BOUNDARY = [(23, 59, False), (24, 0, False), (24, 1, True)]


@pytest.mark.django_db
@pytest.mark.parametrize(("hours", "minutes", "late"), BOUNDARY, ids=["23:59", "24:00", "24:01"])
def test_acknowledgement_boundary_is_24_hours_inclusive(store, hours, minutes, late):
    moment = RECEIVED + timedelta(hours=hours, minutes=minutes)
    with at(RECEIVED):
        case = make_case(store)
    assert case.ack_due_at == RECEIVED + timedelta(hours=24)
    with at(moment):
        assert case.ack_overdue(moment) is late
        case = acknowledge(case, at_=moment)
    assert case.status == Status.ACKNOWLEDGED and case.acknowledged_at == moment
    event = Event.objects.get(kind="case.acknowledged", subject_id=case.pk)
    assert (event.note != "") is late  # "Acknowledged late" only after 24:00


@pytest.mark.django_db
@pytest.mark.parametrize(("hours", "minutes", "late"), BOUNDARY, ids=["23:59", "24:00", "24:01"])
def test_store_managers_are_alerted_only_after_24_hours(store, hours, minutes, late):
    manager = staff(store, Role.MANAGER)
    with at(RECEIVED):
        case = make_case(store)
    moment = RECEIVED + timedelta(hours=hours, minutes=minutes)
    with at(moment):
        sweeps.run(ACK_OVERDUE, now=moment)
    alerts = StaffAlert.objects.filter(case=case, kind=AlertKind.ACK_OVERDUE)
    assert alerts.count() == (1 if late else 0)
    if late:
        assert alerts.get().user == manager


@pytest.mark.django_db
def test_acknowledgement_cannot_be_dated_before_receipt(store):
    with at(RECEIVED):
        case = make_case(store)
    with at(RECEIVED + timedelta(hours=1)), pytest.raises(services.CaseError) as exc:
        acknowledge(case, at_=RECEIVED - timedelta(minutes=1))
    assert "at" in exc.value.error_dict
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and not case.contacts.exists()


# --- working days ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_working_days_skip_national_day_and_count_the_make_up_saturday():
    # Received Monday 28 September 2026. 1–7 October are holidays; Saturday 10 October is a 调休
    # working day. 7 working days: 29, 30 Sep, 8, 9, 10 (Sat), 12, 13 Oct.
    assert workdays.add_working_days(date(2026, 9, 28), 7) == date(2026, 10, 13)
    # Had the Saturday not counted, the deadline would have been a day later.
    assert workdays.add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 10)
    assert workdays.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


@pytest.mark.django_db
def test_a_regulator_case_gets_its_working_day_deadline(store):
    with at(local(2026, 9, 28, 15, 30)):
        case = make_case(store, channel=Channel.REGULATOR, regulator_number="12315-2026-0928-001")
    assert case.regulator_reply_due == date(2026, 10, 13)


@pytest.mark.django_db
def test_regulator_case_without_its_number_is_refused_and_nothing_saved(store):
    from tickets.models import Case

    with pytest.raises(services.CaseError) as exc:
        make_case(store, channel=Channel.REGULATOR)
    assert "regulator_number" in exc.value.error_dict
    with pytest.raises(services.CaseError) as exc:
        make_case(store, regulator_reply_due=date(2026, 12, 30))
    assert "regulator_number" in exc.value.error_dict
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_year_the_package_does_not_know_is_refused_until_a_manager_adds_it(store, chain_manager):
    assert not workdays.package_knows(2027)
    with at(local(2027, 1, 4, 10)):
        with pytest.raises(services.CaseError) as exc:
            make_case(store, channel=Channel.REGULATOR, regulator_number="12315-2027-1")
        assert "2027" in str(exc.value)
        # The State Council's notice: 1–3 January off; Sunday 10 January worked instead (an example).
        setup.official_year_add(actor=chain_manager, year=2027, source="示例通知",
                                holidays=[(date(2027, 1, 5), "元旦"), (date(2027, 1, 6), "元旦")],
                                workdays=[(date(2027, 1, 10), "元旦调休")])
        case = make_case(store, channel=Channel.REGULATOR, regulator_number="12315-2027-1")
    # 4 Jan (Mon) received; 5, 6 off; 7, 8 (Thu, Fri), 10 (Sun, worked), 11, 12, 13, 14 → 7th working day is 14 Jan.
    assert case.regulator_reply_due == date(2027, 1, 14)


@pytest.mark.django_db
def test_only_a_chain_manager_adds_a_year(store, manager):
    with pytest.raises(roles.NotAllowed):
        setup.official_year_add(actor=manager, year=2027, holidays=[(date(2027, 1, 5), "")], workdays=[])



@pytest.mark.django_db
def test_the_system_check_warns_in_december_when_next_year_is_missing(chain_manager):
    assert checks.missing_next_year(date(2026, 12, 1)) == 2027
    assert checks.missing_next_year(date(2026, 11, 30)) is None  # only in December
    assert checks.missing_next_year(date(2025, 12, 1)) is None   # 2026 is in the package
    warnings = checks.check_next_year_calendar(None, databases=["default"])
    assert warnings == [] or warnings[0].id == "tickets.W001"
    setup.official_year_add(actor=chain_manager, year=2027, holidays=[(date(2027, 1, 1), "元旦")], workdays=[])
    assert checks.missing_next_year(date(2026, 12, 1)) is None
