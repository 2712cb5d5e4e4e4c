"""Every registered permission-table action × every role: allowed, or refused with NotAllowed and nothing changed.

Apps describe how to do each of their actions, in tests/<app>/permission_walk.py:

    CALLS = {"repairs.cancel": lambda store: (lambda actor: services.repair_cancel(order_id=make_order(store).pk, actor=actor, reason="x"))}

The outer function prepares the record (as the system) and returns the call made as `actor`.
An action in a registered table (roles.register_permissions) that no permission_walk.py
describes fails this test, so a new action cannot escape it. Allowed calls may still fail
for business reasons (a ValidationError, an illegal move): only the permission is under test.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from aftersales import roles
from aftersales.models import Role
from tests.conftest import make_user


def _registry() -> dict:
    calls = {}
    tests_dir = Path(__file__).parent
    for mod in pkgutil.iter_modules([str(tests_dir)]):
        if mod.ispkg and (tests_dir / mod.name / "permission_walk.py").exists():
            calls.update(importlib.import_module(f"tests.{mod.name}.permission_walk").CALLS)
    return calls


def _counts() -> dict:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if not m._meta.label.startswith(("sessions.", "axes."))}


def test_every_registered_action_is_described():
    missing = sorted(set(roles.permission_table()) - set(_registry()))
    assert not missing, f"describe these actions in a tests/<app>/permission_walk.py: {missing}"


ROLES = [Role.COUNTER, Role.MANAGER, Role.TECHNICIAN, Role.CHAIN_MANAGER, None]


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(roles.permission_table()))
def test_each_role_is_allowed_or_refused_with_nothing_changed(action, store):
    calls = _registry()
    for role in ROLES:
        actor = make_user(f"walk-{role or 'none'}", role or Role.COUNTER, store) if role else make_user("walk-none", Role.COUNTER)
        call = calls[action](store)
        before = _counts()
        allowed = roles.may(actor, store if action not in CHAIN_WIDE else None, action)
        try:
            with transaction.atomic():
                call(actor)
        except roles.NotAllowed:
            assert not allowed, f"{action}: {role} is allowed by the table but was refused"
            assert _counts() == before, f"{action}: refused for {role} but rows changed"
            continue
        except Exception:  # a business refusal (or, for a stranger to the store, not found): nothing changed
            if role is None:
                assert _counts() == before, f"{action}: a stranger to the store changed rows"
                continue
        assert allowed, f"{action}: {role} is not allowed by the table but was let through"


CHAIN_WIDE = {"repairs.catalogue", "core.notification_templates"}
