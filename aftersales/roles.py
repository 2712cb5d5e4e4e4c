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


# When one person holds two roles in a store (small stores), the label shown is the higher one.
_RANK = {Role.CHAIN_MANAGER: 0, Role.MANAGER: 1, Role.COUNTER: 2, Role.TECHNICIAN: 3}


def _store_id(store: Store | int) -> int:
    return store if isinstance(store, int) else store.pk


def roles_in(user, store: Store | int | None) -> set[str]:
    """Every role the account holds in the store (a small store may give one person two)."""
    if store is None:  # a chain-wide action (the catalogue, message wording): chain managers only
        return {Role.CHAIN_MANAGER} if is_chain_manager(user) else set()
    store_id = _store_id(store)
    if is_chain_manager(user):
        return {Role.CHAIN_MANAGER} if store_id in store_ids(user) else set()
    return {m.role for m in memberships(user) if m.store_id == store_id}


def role_in(user, store: Store | int | None) -> str | None:
    """The account's role in the store; of two roles, the higher (for labels and messages)."""
    held = roles_in(user, store)
    return min(held, key=_RANK.__getitem__) if held else None


def has_role(user, store: Store | int | None, *roles: str) -> bool:
    held = roles_in(user, store)
    if not held:
        return False
    # A chain manager may do whatever a store manager may.
    if Role.CHAIN_MANAGER in held and (Role.MANAGER in roles or not roles):
        return True
    return not roles or bool(held & set(roles))


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
_LABELS: dict[str, str] = {}


def register_permissions(app: str, table: dict[str, set[str] | frozenset[str] | tuple[str, ...]],
                         labels: dict[str, str] | None = None) -> None:
    """Register an app's permission table: {"action": {Role.COUNTER, ...}}.

    Actions are stored as "<app>.<action>". A chain manager may do every action in every store;
    the table lists the store roles that may (manager included explicitly where it may).
    `labels` names each action for people (gettext_lazy): the 403 page says what was refused.
    """
    for action, allowed_roles in table.items():
        unknown = set(allowed_roles) - set(Role.values)
        if unknown:
            raise ValueError(f"{app}.{action}: unknown roles {sorted(unknown)}")
        _TABLES[f"{app}.{action}"] = frozenset(allowed_roles)
    for action, label in (labels or {}).items():
        _LABELS[f"{app}.{action}"] = label


def action_label(action: str) -> str:
    return str(_LABELS.get(action, action))


def permission_table() -> dict[str, frozenset[str]]:
    """Every registered action and the roles allowed it (for tests and the help page)."""
    return dict(_TABLES)


def may(user, store: Store | int | None, action: str) -> bool:
    """Whether `user` may do `action` ("app.action") in `store`. Unknown actions are an error."""
    try:
        allowed_roles = _TABLES[action]
    except KeyError:
        raise LookupError(f"no permission table entry for {action!r}") from None
    held = roles_in(user, store)
    # A chain manager may do everything in every store; two roles in one store: either counts.
    return Role.CHAIN_MANAGER in held or bool(held & allowed_roles)


def may_anywhere(user, action: str) -> bool:
    """Whether `user` may do `action` in at least one of their stores (menus, chain-wide pages)."""
    return any(may(user, store_id, action) for store_id in store_ids(user))


def require(user, store: Store | int | None, action: str) -> None:
    """Raise NotAllowed unless the permission table lets `user` do `action` in `store`.

    `user` None is the system itself (a scheduled sweep, a task, a data migration): requests
    always carry an account, so a check skipped for None is never one a person can reach.
    """
    if user is None:
        if action not in _TABLES:
            raise LookupError(f"no permission table entry for {action!r}")
        return
    if not may(user, store, action):
        raise NotAllowed(action, role_in(user, store))
