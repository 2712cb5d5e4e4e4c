"""How to make a record of another store for every repairs URL that takes an argument."""

from repairs.models import Quote, Status
from tests.repairs.factories import jpeg_bytes, make_order, signature_data_url


def _photo(store):
    from repairs import services

    order = make_order(store)
    item = order.items.first()
    return services.repair_add_photo(order_id=order.pk, item_id=item.pk, data=jpeg_bytes(), actor=None).pk


def _signature(store):
    from repairs import services
    from repairs.models import ApprovalMethod

    order = make_order(store, status=Status.AWAITING_APPROVAL)
    services.repair_approve(order_id=order.pk, actor=None, method=ApprovalMethod.IN_PERSON, signature_data_url=signature_data_url())
    return Quote.objects.filter(order=order).exclude(signature="").first().pk


FOREIGN = {
    "repairs:detail": lambda store: {"number": make_order(store).number},
    "repairs:pickup": lambda store: {"number": make_order(store, status=Status.READY).number},
    "repairs:act": lambda store: {"number": make_order(store).number, "action": "start"},
    "repairs:photo": lambda store: {"pk": _photo(store)},
    "repairs:signature": lambda store: {"pk": _signature(store)},
    "repairs:extend_deadline": lambda store: {"number": make_order(store, status=Status.READY).number},
    "repairs:intake_signature": lambda store: {"number": make_order(store, signature_data_url=signature_data_url()).number},
}


def _service(store):
    # The catalogue belongs to the chain, not to a store: a store role may look but the edit page does not exist for it (404).
    from repairs.models import ServiceType

    return {"pk": ServiceType.objects.order_by("pk").first().pk if ServiceType.objects.exists() else _seeded()}


def _seeded():
    from tests.repairs.factories import service

    return service("polish").pk


FOREIGN["repairs:service_type_edit"] = _service


def _closed_day(store):
    from datetime import date

    from repairs.models import StoreClosedDay

    return {"pk": store.pk, "day_pk": StoreClosedDay.objects.create(store=store, date=date(2030, 1, 2)).pk}


FOREIGN["repairs:closed_day_add"] = lambda store: {"pk": store.pk}
FOREIGN["repairs:closed_day_remove"] = _closed_day
