"""The printed case record (A5), for the customer or for the regulator, through the documents app.

Internal notes and the staff member concerned are never printed. The record is rendered from
plain data (a frozen dataclass), so an unchanged case prints the same stored file again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from aftersales.documents import registry
from aftersales.documents.data import StoreInfo
from aftersales.money import format_money

from .models import Case, Step

AUDIENCES = ("customer", "regulator")


@dataclass(frozen=True)
class CaseRecord:
    store: StoreInfo
    number: str
    language: str
    copies: tuple[str, ...]           # ("customer",) or ("regulator",): each its own series of versions
    kind: str
    channel: str
    category: str
    urgency: str
    status: str
    received_at: str
    customer_name: str
    customer_phone: str
    description: str
    customer_wants: str
    regulator_number: str = ""
    regulator_reply_due: str = ""
    acknowledged_at: str = ""
    expected_by: str = ""
    resolved_at: str = ""
    closed_at: str = ""
    contacts: tuple[tuple[str, str, str], ...] = ()           # when, how, what the customer was told
    steps: tuple[tuple[str, str, str, str], ...] = ()         # step, when, who, note
    resolutions: tuple[tuple[str, str, str, str], ...] = ()   # what, policy sentence, amount, status
    root_cause: str = ""
    actions: tuple[tuple[str, str, str, str], ...] = ()       # what, who, by when, status

    @property
    def for_regulator(self) -> bool:
        return self.copies == ("regulator",)


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def case_record_data(case: Case, *, audience: str = "customer", language: str = "zh-hans") -> CaseRecord:
    if audience not in AUDIENCES:
        raise ValueError(audience)
    store = case.store
    with override(language):
        steps = {s.step: s for s in case.steps.select_related("done_by")}
        step_rows = tuple(
            (str(label), _when(steps[code].done_at), str(steps[code].done_by or ""), steps[code].note) if code in steps
            else (str(label), "", "", "")
            for code, label in Step.choices
        )
        resolutions = tuple(
            (r.get_kind_display(), r.policy_sentence, format_money(r.amount or r.refund_amount, language) if (r.amount or r.refund_amount) else "",
             r.get_status_display())
            for r in case.resolutions.all()
        )
        actions = tuple((a.what, str(a.owner), a.due_date.isoformat(), a.get_status_display())
                        for a in case.actions.select_related("owner")) if audience == "regulator" else ()
        return CaseRecord(
            store=StoreInfo(name=store.name, address=store.address, phone=store.phone, code=store.code),
            number=case.number, language=language, copies=(audience,),
            kind=case.get_kind_display(), channel=case.get_channel_display(), category=case.category.name,
            urgency=case.get_urgency_display(), status=case.get_status_display(), received_at=_when(case.received_at),
            customer_name=case.customer.masked_name, customer_phone=case.customer.masked_phone,
            description=case.description, customer_wants=case.customer_wants,
            regulator_number=case.regulator_number,
            regulator_reply_due=case.regulator_reply_due.isoformat() if case.regulator_reply_due else "",
            acknowledged_at=_when(case.acknowledged_at), expected_by=case.expected_by.isoformat() if case.expected_by else "",
            resolved_at=_when(case.resolved_at), closed_at=_when(case.closed_at),
            contacts=tuple((_when(c.at), c.get_method_display(), c.told) for c in case.contacts.all()),
            steps=step_rows if audience == "regulator" else (), resolutions=resolutions,
            root_cause=case.root_cause.name if (case.root_cause_id and audience == "regulator") else "",
            actions=actions,
        )


def register() -> None:
    registry.register_document_kind("case_record", data_type=CaseRecord, template="tickets/print/case_record.html", label=_("Case record"))
