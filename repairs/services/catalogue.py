"""The chain's service catalogue: only a chain manager changes it; each change is recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aftersales import audit, roles

from ..models import ServiceType

FIELDS = ["name", "job_type", "price_rule", "price", "turnaround_days", "is_active", "sort"]


@transaction.atomic
def service_type_save(*, actor, values: dict, service_id: int | None = None) -> ServiceType:
    roles.require(actor, None, "repairs.catalogue")  # the chain's, not a store's
    if values.get("price") is not None and values["price"] < 0:
        raise ValidationError(_("The price cannot be negative."))
    if service_id is None:
        service = ServiceType(code=values["code"])
        old, new = {}, {name: values.get(name) for name in FIELDS}
        for name, value in new.items():
            setattr(service, name, value)
        service.save()
    else:
        service = ServiceType.objects.select_for_update().get(pk=service_id)
        old, new = audit.changes(service, FIELDS, values)
        if not new:
            return service
        service.save()
    audit.record(actor=actor, kind="service_type.saved", subject=service, store=None, old=old, new=new)
    return service
