from django.conf import settings
from django.utils import translation

from . import clock, roles

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
                # A member's store came with the memberships; a chain manager's other stores are one query.
                request.store = next((m.store for m in roles.memberships(user) if m.store_id == chosen), None) or \
                    roles.stores(user).get(pk=chosen)
                if request.session.get(SESSION_STORE) != chosen:  # an assignment alone would rewrite the session row
                    request.session[SESSION_STORE] = chosen
        return self.get_response(request)


# The session's last save, in seconds since the epoch (kept in the session itself).
SESSION_TOUCHED = "_touched"


class SessionIdleMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE from the last request) without a database write per
    request: a session is saved again, with a new expiry, once SESSION_TOUCH_SECONDS have passed
    since its last save, so it ends between SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS and
    SESSION_COOKIE_AGE after the last click. (SESSION_SAVE_EVERY_REQUEST would write the session
    row on every page: three statements of each request at a busy counter.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(clock.now().timestamp())
            touched = session.get(SESSION_TOUCHED)
            if not isinstance(touched, int) or not 0 <= now - touched < settings.SESSION_TOUCH_SECONDS:
                session[SESSION_TOUCHED] = now
        return response


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
