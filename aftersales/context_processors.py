from . import roles
from .models import Role


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    store = getattr(request, "store", None)
    role = roles.role_in(user, store)
    return {
        "current_store": store,
        "my_stores": roles.stores(user) if len(roles.store_ids(user)) > 1 else [],
        "current_role": role,
        "current_role_label": Role(role).label if role else "",
        "is_manager": roles.has_role(user, store, Role.MANAGER),
    }
