"""The customer file: create and edit (phones normalised, tier checked, numbers masked in the audit)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales import audit, clock, once, roles
from aftersales.concurrency import check_and_bump
from aftersales.models import Store

from .. import phones, selectors
from ..models import ConsentKind, ConsentMethod, Customer, VipTier, mask_email
from .consent import consent_apply

EDITABLE_FIELDS = ["name", "phone", "phone2", "wechat_id", "email", "language", "birthday", "gender", "vip_tier", "home_store", "notes", "preferences", "service_contact"]


class AlreadySubmitted(Exception):
    """The form token was used by another request (a double click): nothing more was made."""


def _clean_customer(values: dict, *, customer_pk: int | None = None) -> dict:
    errors: dict[str, list] = {}
    out = dict(values)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
        if not out["name"]:
            errors.setdefault("name", []).append(_("Enter the customer's name."))
    if "phone" in out:
        try:
            out["phone"] = phones.normalise(out["phone"])
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    if out.get("phone2"):
        try:
            out["phone2"] = phones.normalise(out["phone2"])
        except ValidationError as exc:
            errors.setdefault("phone2", []).extend(exc.messages)
    if "email" in out:
        out["email"] = (out["email"] or "").strip()
        if out["email"]:
            try:
                validate_email(out["email"])
            except ValidationError:
                errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    if "language" in out:
        out["language"] = out["language"] or ""
        if out["language"] and out["language"] not in dict(settings.LANGUAGES):
            errors.setdefault("language", []).append(_("Choose a language from the list."))
    birthday = out.get("birthday")
    if birthday and birthday > clock.today():
        errors.setdefault("birthday", []).append(_("The birthday cannot be in the future."))
    if "vip_tier" in out:
        out["vip_tier"] = out["vip_tier"] or VipTier.REGULAR
        if out["vip_tier"] not in selectors.tier_names():
            errors.setdefault("vip_tier", []).append(_("Choose a tier from the list."))
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def customer_create(
    *,
    store: Store,
    actor,
    name: str,
    phone: str,
    phone2: str = "",
    wechat_id: str = "",
    email: str = "",
    language: str = "",
    birthday: date | None = None,
    gender: str = "",
    vip_tier: str = VipTier.REGULAR,
    notes: str = "",
    preferences: str = "",
    service_contact: bool = True,
    marketing_consent: bool = False,
    consent_method: str = ConsentMethod.IN_STORE_VERBAL,
    token=None,
    result_url=None,
    imported_by=None,
) -> Customer:
    """A new file in `store`. Duplicate phones are allowed (the form warns first); merge later."""
    roles.require(actor, store, "customers.create")
    data = _clean_customer(
        {"name": name, "phone": phone, "phone2": phone2, "email": email, "language": language, "birthday": birthday, "vip_tier": vip_tier}
    )
    customer = Customer.objects.create(
        home_store=store,
        name=data["name"],
        phone=data["phone"],
        phone_last4=phones.last4(data["phone"]),
        phone2=data["phone2"] or "",
        wechat_id=(wechat_id or "").strip(),
        email=data["email"],
        language=data["language"],
        birthday=birthday,
        gender=gender or "",
        vip_tier=data["vip_tier"],
        notes=notes or "",
        preferences=preferences or "",
        service_contact=service_contact,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if token is not None and not once.claim(token=token, user=actor, result_url=result_url(customer) if result_url else ""):
        raise AlreadySubmitted
    new = {"name": customer.name, "phone": customer.masked_phone, "tier": customer.vip_tier}
    if customer.email:
        new["email"] = customer.masked_email
    if imported_by is not None:  # a file made by the point-of-sale import
        new["import"] = imported_by.pk
    audit.record(actor=actor, kind="customer.created", subject=customer, store=store, new=new)
    if marketing_consent:
        consent_apply(customer=customer, actor=actor, kind=ConsentKind.MARKETING, given=True,
                       method=consent_method or ConsentMethod.IN_STORE_VERBAL, store=store)
    return customer


@transaction.atomic
def customer_update(*, customer_id: int, actor, expected_version: int | None, **values) -> Customer:
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    roles.require(actor, customer.home_store_id, "customers.edit")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    if "home_store" in values and values["home_store"] is not None:
        roles.require(actor, values["home_store"], "customers.edit")
    data = _clean_customer(values, customer_pk=customer.pk)
    check_and_bump(customer, expected_version)
    service_contact = data.pop("service_contact", None)
    old, new = audit.changes(customer, [f for f in EDITABLE_FIELDS if f in data], data)
    customer.phone_last4 = phones.last4(customer.phone)
    customer.save()
    if new:
        for key in ("phone", "phone2"):  # the audit trail keeps numbers masked
            for side in (old, new):
                if side.get(key):
                    side[key] = phones.mask(side[key])
        for side in (old, new):  # and e-mail addresses
            if side.get("email"):
                side["email"] = mask_email(side["email"])
        audit.record(actor=actor, kind="customer.updated", subject=customer, store=customer.home_store, old=old, new=new)
    if service_contact is not None:
        # Asking for no service calls (or taking it back) is a consent decision with its own history row.
        consent_apply(customer=customer, actor=actor, kind=ConsentKind.SERVICE, given=service_contact,
                       method=ConsentMethod.IN_STORE_VERBAL)
    return customer
