"""Isolation-test entries for the print views of repair orders (see tests/test_isolation.py)."""

from repairs.models import Status
from tests.repairs.factories import make_order


def _pickup(store):
    order = make_order(store, status=Status.COLLECTED)
    return {"number": order.number, "pk": order.pickups.first().pk}


FOREIGN = {
    "repairs:print_receipt": lambda store: {"number": make_order(store).number},
    "repairs:print_tag": lambda store: {"number": make_order(store).number},
    "repairs:print_pickup_slip": _pickup,
    "repairs:revoke_status_link": lambda store: {"number": make_order(store).number},
}
