"""Who may see and do what: the stores a staff account reaches and its role in each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Role, StaffMembership, Store


def memberships(user) -> list[StaffMembership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(StaffMembership.objects.filter(user=user, store__is_active=True).select_related("store"))
        user._memberships_cache = cached
    return cached


def is_chain_manager(user) -> bool:
    return getattr(user, "is_superuser", False) or any(m.role == Role.CHAIN_MANAGER for m in memberships(user))


def store_ids(user) -> set[int]:
    """The stores whose records this account may see and act on."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_store_ids_cache", None)
    if cached is None:
        if is_chain_manager(user):
            cached = set(Store.objects.filter(is_active=True).values_list("pk", flat=True))
        else:
            cached = {m.store_id for m in memberships(user)}
        user._store_ids_cache = cached
    return cached


def stores(user) -> QuerySet[Store]:
    return Store.objects.filter(pk__in=store_ids(user))


def role_in(user, store: Store | int | None) -> str | None:
    if store is None:
        return None
    store_id = store if isinstance(store, int) else store.pk
    if is_chain_manager(user):
        return Role.CHAIN_MANAGER if store_id in store_ids(user) else None
    for m in memberships(user):
        if m.store_id == store_id:
            return m.role
    return None


def has_role(user, store: Store | int | None, *roles: str) -> bool:
    role = role_in(user, store)
    if role is None:
        return False
    # A chain manager may do whatever a store manager may.
    if role == Role.CHAIN_MANAGER and (Role.MANAGER in roles or not roles):
        return True
    return not roles or role in roles


def require_role(user, store: Store | int | None, *roles: str) -> None:
    if not has_role(user, store, *roles):
        raise PermissionDenied


def scoped(queryset: QuerySet, user, path: str | None = None) -> QuerySet:
    """The one place that narrows a queryset to the stores a user may reach.

    `path` is the lookup from the model to its store (default: the model's `store_path`
    attribute, or "store"). A record of another store is then simply not found (404).
    """
    path = path or getattr(queryset.model, "store_path", "store")
    return queryset.filter(**{f"{path}__in": store_ids(user)})
