"""Demo stores and one account per role; apps add their records through a loader they register.

    from aftersales import demo
    demo.register(seed, order=demo.CUSTOMERS)     # in the app's AppConfig.ready()

`seed_demo` runs the loaders by `order` (later apps use what earlier ones made), each with the
context dict {"stores": …, "users": …} that loaders may add to. A loader that fails, fails the
command: nothing is skipped quietly.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Role, StaffMembership, Store, User

# The order of the layers: the policy's rules, customers, the domain apps, then the outbox.
POLICY, CUSTOMERS, TRADEIN, REPAIRS, TICKETS, OUTBOX = 10, 20, 30, 40, 50, 90

Loader = Callable[[dict], None]
_loaders: dict[str, tuple[int, Loader]] = {}


def register(loader: Loader, *, order: int) -> Loader:
    _loaders[f"{loader.__module__}.{loader.__qualname__}"] = (order, loader)
    return loader


def loaders() -> list[Loader]:
    return [loader for _name, (_order, loader) in sorted(_loaders.items(), key=lambda item: (item[1][0], item[0]))]

STORES = [
    {
        "code": "HX",
        "name": "黄兴店",
        "address": "长沙市黄兴南路步行街 88 号",
        "phone": "0731-8888 1001",
        "opening_hours": "10:00–22:00",
        "receipt_terms": "凭本单取件。维修完成后本店将通知您取件；请在通知后一个月内取回。",
    },
    {
        "code": "DT",
        "name": "东塘店",
        "address": "长沙市劳动西路 1 号东塘商场一楼",
        "phone": "0731-8888 2002",
        "opening_hours": "09:30–21:30",
        "receipt_terms": "凭本单取件。维修完成后本店将通知您取件；请在通知后一个月内取回。",
    },
]

# username, password, role, store codes, display name
USERS = [
    ("counter", "counter-demo-1", Role.COUNTER, ["HX"], ("小", "李")),
    ("manager", "manager-demo-1", Role.MANAGER, ["HX"], ("经理", "王")),
    ("technician", "technician-demo-1", Role.TECHNICIAN, ["HX"], ("师傅", "胡")),
    ("chain", "chain-demo-1", Role.CHAIN_MANAGER, ["HX"], ("总监", "陈")),
    ("counter2", "counter2-demo-1", Role.COUNTER, ["DT", "HX"], ("小", "张")),
]


def seed() -> dict:
    stores = {}
    for data in STORES:
        store, _ = Store.objects.get_or_create(code=data["code"], defaults=data)
        stores[store.code] = store
    users = {}
    for username, password, role, codes, (first, last) in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created:
            user.set_password(password)
            user.save()
        for code in codes:
            StaffMembership.objects.get_or_create(user=user, store=stores[code], defaults={"role": role})
        users[username] = user
    return {"stores": stores, "users": users}
