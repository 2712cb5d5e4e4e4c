from django.utils import translation

from . import roles

SESSION_STORE = "current_store_id"


class UserLanguageMiddleware:
    """A signed-in account's language choice wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class StoreMiddleware:
    """request.store: the store the counter works for now (chosen in the store switcher)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.store = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            allowed = roles.store_ids(user)
            chosen = request.session.get(SESSION_STORE)
            if chosen not in allowed:
                home = [m.store_id for m in roles.memberships(user) if m.store_id in allowed]
                chosen = (home or sorted(allowed) or [None])[0]
            if chosen is not None:
                request.store = roles.stores(user).get(pk=chosen)
                request.session[SESSION_STORE] = chosen
        return self.get_response(request)
