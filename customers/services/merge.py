"""Merging a duplicate customer file into the one that stays."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aftersales import audit, roles
from aftersales.models import Role

from .. import phones
from ..models import ConsentKind, ConsentMethod, Customer, VipTier
from .consent import consent_apply


def _customer_relations():
    """Every FK (or one-to-one) pointing at Customer, including later apps' and hidden ones."""
    for rel in Customer._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if rel.related_model is Customer and rel.field.name == "merged_into":
            continue
        yield rel


@transaction.atomic
def customer_merge(*, survivor_id: int, duplicate_id: int, actor, note: str = "") -> Customer:
    """Move everything of `duplicate` to `survivor` (purchases, follow-ups, consent rows and any
    later app's records), fill the survivor's empty fields, keep the newest consent decision,
    and leave the duplicate as a pointer (merged_into) so old links still find the customer."""
    if survivor_id == duplicate_id:
        raise ValidationError(_("A file cannot be merged into itself."))
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[survivor_id, duplicate_id])}
    survivor, dup = locked[survivor_id], locked[duplicate_id]
    roles.require_role(actor, survivor.home_store_id, Role.MANAGER)
    roles.require_role(actor, dup.home_store_id, Role.MANAGER)
    if survivor.merged_into_id or dup.merged_into_id:
        raise ValidationError(_("One of these files was already merged into another."))

    moved: dict[str, int] = {}
    left: dict[str, int] = {}
    for rel in _customer_relations():
        model, fname = rel.related_model, rel.field.name
        label = model._meta.label_lower
        rows = model._base_manager.filter(**{fname: dup})
        try:
            with transaction.atomic():
                count = rows.update(**{fname: survivor})
            if count:
                moved[label] = moved.get(label, 0) + count
        except IntegrityError:
            # A unique key (e.g. the same follow-up on both files) collides: move row by row,
            # leave the clashing ones on the merged file, where its history still shows them.
            for obj in rows.order_by("pk"):
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=obj.pk).update(**{fname: survivor})
                    moved[label] = moved.get(label, 0) + 1
                except IntegrityError:
                    left[label] = left.get(label, 0) + 1

    filled = {}
    for field in ("phone2", "wechat_id", "birthday", "gender", "preferences"):
        if not getattr(survivor, field) and getattr(dup, field):
            filled[field] = getattr(dup, field)
            setattr(survivor, field, getattr(dup, field))
    if dup.phone != survivor.phone and not survivor.phone2:
        survivor.phone2 = dup.phone
        filled["phone2"] = phones.mask(dup.phone)
    if dup.notes and dup.notes not in survivor.notes:
        survivor.notes = f"{survivor.notes}\n{dup.notes}".strip()
    if survivor.vip_tier == VipTier.REGULAR and dup.vip_tier != VipTier.REGULAR:
        survivor.vip_tier = filled["vip_tier"] = dup.vip_tier
    survivor.version += 1
    survivor.save()

    # The newest decision of the customer wins: a withdrawal on either file is never lost.
    dup_newer = dup.marketing_consent_at and (not survivor.marketing_consent_at or dup.marketing_consent_at > survivor.marketing_consent_at)
    if dup_newer and dup.marketing_consent != survivor.marketing_consent:
        consent_apply(customer=survivor, actor=actor, kind=ConsentKind.MARKETING, given=dup.marketing_consent,
                       method=ConsentMethod.MERGE, note=_("Newest decision taken from the merged file."), at=dup.marketing_consent_at)

    dup.merged_into = survivor
    dup.version += 1
    dup.save(update_fields=["merged_into", "version"])
    details = {"survivor": survivor.pk, "duplicate": dup.pk, "moved": moved, "left": left, "filled": filled}
    audit.record(actor=actor, kind="customer.merged", subject=survivor, store=survivor.home_store, new=details, note=note)
    audit.record(actor=actor, kind="customer.merged_into", subject=dup, store=dup.home_store, new=details, note=note)
    return survivor
