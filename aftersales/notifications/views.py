from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales import audit, clock, roles
from aftersales.concurrency import StaleEdit

from . import kinds, selectors, services
from .forms import OutboxFilterForm, TemplateForm
from .models import MessageTemplate
from .rendering import TemplateInvalid


def _managed_store_ids(user) -> list[int]:
    return sorted(sid for sid in roles.store_ids(user) if roles.may(user, sid, "core.notification_outbox"))


@login_required
def status(request):
    """Celery's work as a manager sees it: sweeps' last runs, what waits, what failed, the outbox."""
    store_ids = _managed_store_ids(request.user)
    if not store_ids:
        raise PermissionDenied
    stores = roles.stores(request.user).filter(pk__in=store_ids)
    form = OutboxFilterForm(request.GET or None, stores=stores if len(store_ids) > 1 else ())
    filters = form.cleaned_data if form.is_valid() else {}
    store_id = filters.get("store")
    qs = selectors.outbox(
        request.user, status=filters.get("status", ""), kind=filters.get("kind", ""), channel=filters.get("channel", ""),
        store_id=store_id, q=filters.get("q", ""),
    ).filter(store_id__in=store_ids)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/status.html", {
        "form": form,
        "page_obj": page,
        "sweeps": selectors.sweep_states(now=clock.now()),
        "counts": selectors.waiting_counts(request.user, store_ids=store_ids),
        "failures": selectors.failures(request.user, store_ids=store_ids),
        # Message wording is the chain's, one for every store: the link shows to whoever may edit it.
        "may_edit_wording": roles.may(request.user, None, "core.notification_templates"),
    })


@login_required
def message_detail(request, pk: int):
    message = selectors.message_for(request.user, pk)
    return render(request, "notifications/message.html", {
        "message": message,
        "events": audit.history(message),
        "may_retry": message.status == "failed" and roles.may(request.user, message.store_id, "core.notification_outbox"),
        # The full address is for managers checking a delivery; the counter sees it masked.
        "show_address": roles.may(request.user, message.store_id, "core.notification_outbox"),
    })


@login_required
@require_POST
def message_retry(request, pk: int):
    message = selectors.message_for(request.user, pk)
    try:
        services.message_retry(message_id=message.pk, actor=request.user)
    except services.IllegalRetry as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("notifications:message", pk=message.pk)


def _require_chain_manager(user) -> None:
    roles.require(user, None, "core.notification_templates")


@login_required
def templates(request):
    _require_chain_manager(request.user)
    return render(request, "notifications/templates.html", {"rows": selectors.templates_overview()})


@login_required
def template_edit(request):
    _require_chain_manager(request.user)
    params = request.POST if request.method == "POST" else request.GET
    try:
        kind = kinds.get(params.get("kind", ""))
    except kinds.UnknownKind:
        kind = None
    language = params.get("language", "")
    if kind is None or language not in kinds.LANGUAGES:
        messages.error(request, _("Choose a message kind and a language from the list."))
        return redirect("notifications:templates")
    row = MessageTemplate.objects.filter(kind=kind.code, language=language).first()
    subject, body = (row.subject, row.body) if row else kind.defaults[language]
    version = row.version if row else 0
    preview = error = None
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if "reset" in request.POST:
                    services.template_reset(kind=kind.code, language=language, actor=request.user, expected_version=data["version"])
                else:
                    services.template_save(
                        kind=kind.code, language=language, subject=data["subject"], body=data["body"],
                        actor=request.user, expected_version=data["version"],
                    )
            except TemplateInvalid as exc:
                error = str(exc)
            except StaleEdit as exc:
                error = str(exc.message)
            else:
                messages.success(request, _("The wording is saved; new messages use it from now on."))
                return redirect(f"{reverse('notifications:template_edit')}?kind={kind.code}&language={language}")
    else:
        form = TemplateForm(initial={"subject": subject, "body": body, "version": version})
        try:
            preview = services.rendering.validate(body, kind.sample_context(), language=language)
        except TemplateInvalid as exc:
            error = str(exc)
    return render(request, "notifications/template_edit.html", {
        "kind": kind,
        "language": language,
        "form": form,
        "error": error,
        "preview": preview,
        "placeholders": [("{{ " + name + " }}", str(meaning)) for name, meaning in kind.placeholders.items()],
        "example": "{{ customer_name }}",
        "date_example": '{{ pickup_deadline|date:"Y年n月j日" }}',
        "events": audit.history(row) if row else [],
    })
