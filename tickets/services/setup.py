"""The chain's case settings: targets and limits, the category and root-cause lists, and the
official calendar of a year the chinese-calendar package does not know yet. Chain managers only."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aftersales import audit, roles
from aftersales.concurrency import check_and_bump
from aftersales.models import Store

from ..models import CaseCategory, CaseSettings, OfficialDay, OfficialDayKind, OfficialYear, RootCause
from .errors import CaseError

SETTINGS_FIELDS = ["ack_hours", "ack_reminder_hours", "target_normal_hours", "target_urgent_hours", "target_critical_hours",
                   "regulator_working_days", "store_limit", "chain_limit", "verify_after_days"]


def _require_chain(actor) -> None:
    store = Store.objects.filter(pk__in=roles.store_ids(actor)).first()
    roles.require(actor, store, "tickets.settings")


@transaction.atomic
def settings_save(*, actor, values: dict, expected_version=None) -> CaseSettings:
    _require_chain(actor)
    row, _created = CaseSettings.objects.select_for_update().get_or_create(pk=1)
    check_and_bump(row, expected_version)
    old, new = audit.changes(row, SETTINGS_FIELDS, {k: values[k] for k in SETTINGS_FIELDS if k in values})
    if row.chain_limit < row.store_limit:
        raise CaseError({"chain_limit": _("The chain limit cannot be below the store limit.")})
    row.full_clean()
    row.save()
    if new:
        audit.record(actor=actor, kind="case_setup.settings_changed", subject=row, store=None, old=old, new=new)
    return row


LISTS = {"categories": CaseCategory, "root_causes": RootCause}


@transaction.atomic
def list_entry_save(*, actor, which: str, code: str, name: str, is_active: bool) -> CaseCategory | RootCause:
    """Add an entry to the chain's list, or rename / (de)activate the one with this code."""
    _require_chain(actor)
    model = LISTS[which]
    name = (name or "").strip()
    if not name:
        raise CaseError({"name": _("Give the entry a name.")})
    entry, created = model.objects.select_for_update().get_or_create(code=code, defaults={"name": name, "is_active": is_active})
    old = {} if created else {"name": entry.name, "is_active": entry.is_active}
    entry.name, entry.is_active = name, is_active
    entry.save()
    audit.record(actor=actor, kind=f"case_setup.{which}_saved", subject=entry, store=None, old=old, new={"code": code, "name": name, "is_active": is_active})
    return entry


@transaction.atomic
def official_year_add(*, actor, year: int, holidays: list, workdays: list, source: str = "") -> OfficialYear:
    """A year's official schedule as published by the State Council; added once (a correction is
    made in the admin). Holidays and 调休 working days may not overlap."""
    _require_chain(actor)
    clash = {d for d, _n in holidays} & {d for d, _n in workdays}
    if clash:
        raise CaseError({"workdays": _("%(date)s is listed both as a holiday and as a working day.") % {"date": min(clash).isoformat()}})
    try:
        with transaction.atomic():
            row = OfficialYear.objects.create(year=year, added_by=actor, source=(source or "").strip())
    except IntegrityError:
        raise CaseError({"year": _("The schedule of %(year)s was already added.") % {"year": year}}) from None
    OfficialDay.objects.bulk_create(
        [OfficialDay(year=row, date=d, kind=OfficialDayKind.HOLIDAY, name=n) for d, n in holidays]
        + [OfficialDay(year=row, date=d, kind=OfficialDayKind.WORKDAY, name=n) for d, n in workdays]
    )
    audit.record(actor=actor, kind="case_setup.calendar_added", subject=row, store=None,
                 new={"year": year, "holidays": len(holidays), "workdays": len(workdays)})
    return row
