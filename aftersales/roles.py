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


# --- Who may do what: one permission table per app (action -> roles), checked in services ---

class NotAllowed(PermissionDenied):
    """The actor's role in the store does not allow the action. Views map it to 403."""

    def __init__(self, action: str, role: str | None):
        self.action = action
        self.role = role
        super().__init__(action)


_TABLES: dict[str, frozenset[str]] = {}


def register_permissions(app: str, table: dict[str, set[str] | frozenset[str] | tuple[str, ...]]) -> None:
    """Register an app's permission table: {"action": {Role.COUNTER, ...}}.

    Actions are stored as "<app>.<action>". A chain manager may do every action in every store;
    the table lists the store roles that may (manager included explicitly where it may).
    """
    for action, allowed_roles in table.items():
        unknown = set(allowed_roles) - set(Role.values)
        if unknown:
            raise ValueError(f"{app}.{action}: unknown roles {sorted(unknown)}")
        _TABLES[f"{app}.{action}"] = frozenset(allowed_roles)


def permission_table() -> dict[str, frozenset[str]]:
    """Every registered action and the roles allowed it (for tests and the help page)."""
    return dict(_TABLES)


def may(user, store: Store | int | None, action: str) -> bool:
    """Whether `user` may do `action` ("app.action") in `store`. Unknown actions are an error."""
    try:
        allowed_roles = _TABLES[action]
    except KeyError:
        raise LookupError(f"no permission table entry for {action!r}") from None
    role = role_in(user, store)
    if role is None:
        return False
    if role == Role.CHAIN_MANAGER:
        return True
    # Small stores give one person two roles: any of their memberships in the store counts.
    if is_chain_manager(user):
        return True
    store_id = store if isinstance(store, int) else store.pk
    return any(m.store_id == store_id and m.role in allowed_roles for m in memberships(user))


def require(user, store: Store | int | None, action: str) -> None:
    """Raise NotAllowed unless the permission table lets `user` do `action` in `store`."""
    if not may(user, store, action):
        raise NotAllowed(action, role_in(user, store))
