from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import audit, roles, search, services, store_sections
from .concurrency import StaleEdit
from .forms import LanguageForm, StoreForm, StoreSwitchForm
from .middleware import SESSION_STORE
from .models import Role, StaffMembership, Store


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or request.headers.get("referer") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
def home(request):
    return render(request, "core/home.html")


@require_POST
def set_language(request):
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(_safe_next(request))
    if form.is_valid():
        lang = form.cleaned_data["language"]
        translation.activate(lang)
        if request.user.is_authenticated:
            request.user.language = lang
            request.user.save(update_fields=["language"])
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
    return response


@login_required
@require_POST
def switch_store(request):
    form = StoreSwitchForm(request.POST)
    if not form.is_valid() or form.cleaned_data["store"] not in roles.store_ids(request.user):
        raise Http404
    request.session[SESSION_STORE] = form.cleaned_data["store"]
    store = roles.stores(request.user).get(pk=form.cleaned_data["store"])
    messages.success(request, _("You now work for %(store)s.") % {"store": store.name})
    return redirect(_safe_next(request, "/"))


@login_required
def store_list(request):
    stores = roles.scoped(Store.objects.all(), request.user, path="pk")
    members = StaffMembership.objects.filter(store__in=stores).select_related("user", "store").order_by("store__code", "role")
    return render(request, "core/stores.html", {"stores": stores, "members": members})


@login_required
def store_edit(request, pk: int):
    store = get_object_or_404(roles.scoped(Store.objects.all(), request.user, path="pk"), pk=pk)
    roles.require_role(request.user, store, Role.MANAGER)
    form = StoreForm(request.POST or None, instance=store, initial={"version": store.version})
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in services.STORE_FIELDS}
        try:
            services.store_update(store_id=store.pk, actor=request.user, expected_version=form.cleaned_data["version"], **values)
        except StaleEdit as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Store settings saved."))
            return redirect("stores")
    return render(request, "core/store_form.html", {"form": form, "store": store, "events": audit.history(store),
                                                    "sections": store_sections.render(request=request, store=store)})


@login_required
def reports(request):
    return render(request, "core/reports.html")


@login_required
def global_search(request):
    query = request.GET.get("q", "").strip()
    hits = search.search(user=request.user, query=query)
    exact = [h for h in hits if h.exact]
    if len(exact) == 1 or (len(hits) == 1 and query):
        return redirect((exact or hits)[0].url)
    return render(request, "core/search.html", {"query": query, "hits": hits})


def healthz(request):
    status = {"database": False, "broker": False}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            status["database"] = cursor.fetchone()[0] == 1
    except Exception as exc:  # the point is to report, not to raise
        status["database_error"] = str(exc)[:200]
    try:
        from .celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        status["broker"] = True
    except Exception as exc:
        status["broker_error"] = str(exc)[:200]
    ok = status["database"] and status["broker"]
    return JsonResponse({"ok": ok, **status}, status=200 if ok else 503)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
