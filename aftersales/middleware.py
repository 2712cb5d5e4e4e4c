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


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RejectNulMiddleware:
    """A NUL byte anywhere in the path, the query, a form field or a cookie is a 400, once for every view.

    PostgreSQL refuses NUL in text; without this every filter and lookup would answer 500.
    Uploaded files are not form fields: their bytes are the upload's business.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if "\x00" in request.path or "\x00" in request.path_info:
            return True
        if _has_nul(request.COOKIES.values()) or _has_nul(request.COOKIES.keys()):
            return True
        if any(_has_nul(values) or "\x00" in key for key, values in request.GET.lists()):
            return True
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            # A malformed body raises here and Django answers 400, as the view would have.
            return any(_has_nul(values) or "\x00" in key for key, values in request.POST.lists())
        return False
