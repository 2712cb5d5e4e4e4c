"""How to do every core action for the permission walk (tests/test_permissions.py)."""

from decimal import Decimal

from aftersales import roles, services


def _check(action):
    # Pages whose service lives in another app or is a read: the walk checks the table the page asks.
    return lambda store: (lambda actor: roles.require(actor, store, action))


CALLS = {
    "core.store_settings": lambda store: (lambda actor: services.store_update(store_id=store.pk, actor=actor, expected_version=store.version, name="改名")),
    "core.print_settings": lambda store: (lambda actor: _print(store, actor)),
    "core.metal_prices": lambda store: (lambda actor: _price(store, actor)),
    "core.policy_edit": _check("core.policy_edit"),
    "core.notification_outbox": _check("core.notification_outbox"),
    "core.notification_templates": lambda store: (lambda actor: _wording(actor)),
}


def _print(store, actor):
    from aftersales.documents.services import print_settings_save

    print_settings_save(store=store, actor=actor, values={"receipt_paper": "a5", "tag_width_mm": 40, "tag_height_mm": 20})


def _price(store, actor):
    from tradein.services import metal_price_set

    metal_price_set(actor=actor, store=store, material="au999", price_per_gram=Decimal("500"))


def _wording(actor):
    from aftersales.notifications import kinds, services

    subject, body = kinds.get("ready_for_pickup").defaults["zh-hans"]
    services.template_save(kind="ready_for_pickup", language="zh-hans", subject=subject, body=body, actor=actor)
