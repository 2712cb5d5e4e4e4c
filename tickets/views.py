"""Case pages: thin views that parse, call a service and show its errors on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aftersales import audit, links, once, roles
from aftersales.concurrency import StaleEdit
from aftersales.documents import selectors as doc_selectors
from aftersales.documents import services as doc_services
from aftersales.documents.views import pdf_response
from aftersales.models import User
from aftersales.pages import CheapPage, errors_text
from customers import selectors as customer_selectors

from . import forms, selectors, services
from .documents import AUDIENCES, case_record_data
from .models import (
    Case,
    CaseAttachment,
    CaseSettings,
    Channel,
    CorrectiveAction,
    Kind,
    OfficialYear,
    Rating,
    ResolutionKind,
    StaffAlert,
    Status,
    Urgency,
)
from .services import ratings

PAGE_SIZE = 50


def _apply(form: BaseForm, exc: Exception) -> BaseForm:
    """Put a service's refusal on the form, on the field it names where the form has it."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, errors_text(exc))
    return form


def _staff(store):
    return User.objects.filter(memberships__store=store, is_active=True).distinct().order_by("username")


def _case_or_404(request, number: str) -> Case:
    try:
        case = selectors.case_get(user=request.user, number=number)
    except ObjectDoesNotExist:
        raise Http404 from None
    if not roles.may(request.user, case.store, "tickets.view"):
        raise PermissionDenied
    return case


# --- lists -----------------------------------------------------------------------------------

def _view_labels():
    return [("open", _("Open")), ("to_ack", _("To acknowledge")), ("overdue", _("Overdue")), ("mine", _("Mine")),
            ("awaiting", _("Awaiting approval")), ("reopened", _("Reopened")), ("all", _("All"))]


@login_required
@require_GET
def index(request):
    view = request.GET.get("view", "open")
    if view not in selectors.VIEWS:
        view = "open"
    store = request.store
    if request.GET.get("store") == "all" and roles.is_chain_manager(request.user):
        store = None
    now = timezone.now()
    qs = selectors.case_list(user=request.user, store=store, now=now, view=view, status=request.GET.get("status", ""),
                             category=request.GET.get("category", ""), kind=request.GET.get("kind", ""), q=request.GET.get("q", ""))
    page = CheapPage(qs.values_list("pk", flat=True), request.GET.get("page"), PAGE_SIZE)
    page.object_list = selectors.case_rows(page.object_list)
    request._case_counts = counts = selectors.queue_counts(user=request.user, store=request.store, now=now)
    return render(request, "tickets/index.html", {
        "page_obj": page, "cases": page.object_list, "view": view, "views": _view_labels(), "now": now,
        "statuses": Status.choices, "kinds": Kind.choices, "categories": selectors.categories(),
        # Labels and the link base resolved once per page, not once per row.
        "status_labels": {k: str(v) for k, v in Status.choices}, "kind_labels": {k: str(v) for k, v in Kind.choices},
        "urgency_labels": {k: str(v) for k, v in Urgency.choices}, "detail_base": reverse("tickets:index"),
        "can_create": store is not None and roles.may(request.user, store, "tickets.create"),
        "all_stores": store is None, "is_chain": roles.is_chain_manager(request.user),
        "counts": counts,
    })


# --- taking a case in ------------------------------------------------------------------------

@login_required
def new(request):
    store = request.store
    if store is None:
        raise PermissionDenied
    roles.require(request.user, store, "tickets.create")
    show_staff = roles.may(request.user, store, "tickets.see_staff_concerned")
    kwargs = {"categories": selectors.categories(), "staff": _staff(store), "show_staff": show_staff}
    matches, purchases = [], []
    if request.method == "POST":
        done = once.already_done(token=request.POST.get(once.FIELD), user=request.user)
        if done:
            return redirect(done)
        form = forms.CaseForm(request.POST, **kwargs)
        if form.is_valid():
            d = form.cleaned_data
            customer = d.get("customer")
            if not customer and form.phone_is_last4:
                matches = customer_selectors.customer_search(user=request.user, query=d["phone"], limit=10)
                form.add_error("phone", _("Choose the customer below, or type the full number to make a new file.") if matches else
                               _("No customer in your stores has a phone ending in %(digits)s: type the full number.") % {"digits": d["phone"]})
            else:
                now = timezone.now()
                try:
                    with transaction.atomic():
                        case = services.case_create(
                            actor=request.user, store=store, now=now, kind=d["kind"], channel=d["channel"], category=d["category"],
                            urgency=d["urgency"], customer=customer or None, phone=d["phone"], customer_name=d["customer_name"],
                            description=d["description"], customer_wants=d["customer_wants"], received_at=d["received_at"],
                            purchase=d.get("purchase") or None, staff_concerned=d.get("staff_concerned"),
                            regulator_number=d["regulator_number"], regulator_reply_due=d["regulator_reply_due"],
                            token=request.POST.get(once.FIELD),
                        )
                except services.DuplicateSubmit:
                    return redirect(once.already_done(token=request.POST.get(once.FIELD), user=request.user) or "tickets:index")
                except ValidationError as exc:
                    _apply(form, exc)
                else:
                    messages.success(request, _("Case %(number)s recorded. Acknowledge it by %(when)s.") % {
                        "number": case.number, "when": timezone.localtime(case.ack_due_at).strftime("%Y-%m-%d %H:%M")})
                    return redirect(case.get_absolute_url())
        picked = form.data.get("customer") or (matches[0].pk if len(matches) == 1 else None)
        if picked and str(picked).isdigit():
            chosen = customer_selectors.customers_for(request.user).filter(pk=int(picked)).first()
            if chosen is not None:
                purchases = list(customer_selectors.purchases_of(user=request.user, customer=chosen))
    else:
        initial = {"channel": request.GET.get("channel", Channel.HOTLINE), "kind": request.GET.get("kind", Kind.COMPLAINT)}
        form = forms.CaseForm(initial=initial, **kwargs)
        picked = request.GET.get("customer", "")
        if picked.isdigit():
            chosen = customer_selectors.customers_for(request.user).filter(pk=int(picked)).first()
            if chosen is not None:
                form.initial.update(customer=chosen.pk, phone=chosen.phone_last4)
                matches = [chosen]
                purchases = list(customer_selectors.purchases_of(user=request.user, customer=chosen))
    return render(request, "tickets/new.html", {"form": form, "matches": matches, "purchases": purchases})


# --- the case page ---------------------------------------------------------------------------

def _detail_context(request, case: Case, **bound) -> dict:
    user, store = request.user, case.store
    staff = _staff(store)
    may = {action: roles.may(user, store, f"tickets.{action}") for action in (
        "handle", "assign", "resolve", "approve", "override_policy", "goodwill_repair", "close", "reopen", "cancel",
        "see_staff_concerned", "actions", "verify_action", "print", "revoke_rating_link")}
    now = timezone.now()
    rating = Rating.objects.filter(case=case).first()
    repair_link = links.new_document_url("repairs.repairorder", origin=f"tickets.case:{case.pk}", customer_id=case.customer_id)
    pending = selectors.pending_approvals(case)
    return {
        "case": case, "may": may, "now": now,
        "ack_overdue": case.ack_overdue(now), "resolution_overdue": case.resolution_overdue(now),
        "steps": selectors.steps_of(case), "contacts": list(case.contacts.select_related("by")),
        "notes": list(case.notes.select_related("by")), "links": selectors.links_of(case),
        "attachments": list(case.attachments.all()), "resolutions": list(case.resolutions.select_related("created_by", "approved_by")),
        "pending": pending, "actions": list(case.actions.select_related("owner", "done_by", "verified_by")),
        "rating": rating, "reopen_count": case.reopen_count,
        "history": audit.history(case),
        "stored_documents": doc_selectors.documents_for(subject=case),
        "repair_url": repair_link,
        "contact_form": bound.get("contact_form") or forms.ContactForm(initial={"expected_by": case.expected_by}),
        "note_form": bound.get("note_form") or forms.NoteForm(),
        "link_form": bound.get("link_form") or forms.LinkForm(),
        "attach_form": bound.get("attach_form") or forms.AttachForm(),
        "assign_form": bound.get("assign_form") or forms.AssignForm(initial={"assignee": case.assignee_id, "version": case.version}, staff=staff),
        "resolve_form": bound.get("resolve_form") or forms.ResolveForm(initial={"version": case.version, "expected_date": case.expected_by}),
        "close_form": bound.get("close_form") or forms.CloseForm(initial={"version": case.version}, causes=selectors.root_causes(), staff=staff),
        "reopen_form": bound.get("reopen_form") or forms.ReasonForm(initial={"version": case.version}),
        "cancel_form": bound.get("cancel_form") or forms.ReasonForm(initial={"version": case.version}),
        "action_form": bound.get("action_form") or forms.ActionForm(staff=staff),
        "step_error": bound.get("step_error"),
        "can_resolve": case.status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.REOPENED),
        "can_close": case.status in (Status.RESOLVED, Status.REOPENED),
        "can_reopen": case.status in (Status.RESOLVED, Status.CLOSED),
        "can_cancel": case.status in (Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS),
        "is_open": case.is_open, "is_complaint": case.kind == Kind.COMPLAINT,
        "resolution_kinds": ResolutionKind.choices, "audiences": AUDIENCES,
        "rating_link": case.rating_links.filter(revoked_at__isnull=True).first(),
    }


@login_required
@require_GET
def detail(request, number):
    case = _case_or_404(request, number)
    StaffAlert.objects.filter(user=request.user, case=case, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "tickets/detail.html", _detail_context(request, case))


def _version(form) -> int | None:
    return form.cleaned_data.get("version") if form.is_valid() else None


def _contact(request, case, now):
    form = forms.ContactForm(request.POST)
    if not form.is_valid():
        return "contact_form", form
    d = form.cleaned_data
    try:
        services.contact_add(case_id=case.pk, actor=request.user, now=now, at=d["at"], method=d["method"], told=d["told"],
                             customer_said=d["customer_said"], acknowledgement=d["acknowledgement"], expected_by=d["expected_by"],
                             token=request.POST.get(once.FIELD))
    except services.DuplicateSubmit:
        return _("Already recorded.")
    except ValidationError as exc:
        return "contact_form", _apply(form, exc)
    return _("Acknowledged: the customer gets an SMS with the case number and the expected date.") if d["acknowledgement"] else _("Contact recorded.")


def _note(request, case, now):
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return "note_form", form
    try:
        services.note_add(case_id=case.pk, actor=request.user, now=now, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return "note_form", _apply(form, exc)
    return _("Internal note added.")


def _step(request, case, now):
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Unknown step."))
    services.step_record(case_id=case.pk, actor=request.user, now=now, step=form.cleaned_data["step"], note=form.cleaned_data["note"])
    return _("Step recorded.")


def _assign(request, case, now):
    form = forms.AssignForm(request.POST, staff=_staff(case.store))
    if not form.is_valid():
        return "assign_form", form
    try:
        services.case_assign(case_id=case.pk, actor=request.user, assignee=form.cleaned_data["assignee"], expected_version=_version(form))
    except (ValidationError, StaleEdit) as exc:
        return "assign_form", _apply(form, exc)
    return _("Assigned.")


def _link(request, case, now):
    form = forms.LinkForm(request.POST)
    if not form.is_valid():
        return "link_form", form
    try:
        services.link_add(case_id=case.pk, actor=request.user, number=form.cleaned_data["number"])
    except ValidationError as exc:
        return "link_form", _apply(form, exc)
    return _("Document linked.")


def _unlink(request, case, now):
    link_id = request.POST.get("link", "")
    if not link_id.isdigit():
        raise ValidationError(_("Choose the link to remove."))
    services.link_remove(case_id=case.pk, actor=request.user, link_id=int(link_id))
    return _("Link removed.")


def _attach(request, case, now):
    form = forms.AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return "attach_form", form
    upload = form.cleaned_data["file"]
    try:
        services.attachment_add(case_id=case.pk, actor=request.user, now=now, data=upload.read(), name=upload.name)
    except ValidationError as exc:
        return "attach_form", _apply(form, exc)
    return _("Attachment added.")


def _resolve(request, case, now):
    form = forms.ResolveForm(request.POST)
    if not form.is_valid():
        return "resolve_form", form
    d = form.cleaned_data
    try:
        resolution = services.resolution_record(
            case_id=case.pk, actor=request.user, now=now, kind=d["kind"], explanation=d["explanation"], receipt_shown=d["receipt_shown"],
            intact=d["intact"], override=d["override"], override_reason=d["override_reason"], goodwill=d["goodwill"],
            amount=d["amount"], refund_amount=d["refund_amount"], refund_method=d["refund_method"], expected_date=d["expected_date"],
            expected_version=d.get("version"),
        )
    except (ValidationError, StaleEdit) as exc:
        return "resolve_form", _apply(form, exc)
    if resolution.status == "awaiting_approval":
        return "info", _("The amount needs a manager's approval: the case waits for it.")
    return _("Resolved: the customer gets an SMS and a link to rate the handling; a follow-up call is on the list.")


def _decide(request, case, now):
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Approve or refuse."))
    d = form.cleaned_data
    if not case.resolutions.filter(pk=d["resolution"]).exists():
        raise Http404
    services.resolution_decide(resolution_id=d["resolution"], actor=request.user, now=now, approve=d["approve"], note=d["note"])
    return _("Approved.") if d["approve"] else _("Refused: the case is back in progress.")


def _close(request, case, now):
    form = forms.CloseForm(request.POST, causes=selectors.root_causes(), staff=_staff(case.store))
    if not form.is_valid():
        return "close_form", form
    d = form.cleaned_data
    try:
        services.case_close(case_id=case.pk, actor=request.user, now=now, justified=d["justified"], root_cause=d["root_cause"],
                            closing_note=d["closing_note"], action_what=d["action_what"], action_owner=d["action_owner"],
                            action_due=d["action_due"], expected_version=d.get("version"))
    except (ValidationError, StaleEdit) as exc:
        return "close_form", _apply(form, exc)
    return _("Case closed.")


def _reopen(request, case, now):
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return "reopen_form", form
    try:
        services.case_reopen(case_id=case.pk, actor=request.user, now=now, reason=form.cleaned_data["reason"], expected_version=_version(form))
    except (ValidationError, StaleEdit) as exc:
        return "reopen_form", _apply(form, exc)
    return _("Case reopened.")


def _cancel(request, case, now):
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return "cancel_form", form
    try:
        services.case_cancel(case_id=case.pk, actor=request.user, now=now, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return "cancel_form", _apply(form, exc)
    return _("Case cancelled.")


def _action(request, case, now):
    form = forms.ActionForm(request.POST, staff=_staff(case.store))
    if not form.is_valid():
        return "action_form", form
    d = form.cleaned_data
    try:
        services.action_create(case_id=case.pk, actor=request.user, now=now, what=d["what"], owner=d["owner"], due_date=d["due_date"])
    except ValidationError as exc:
        return "action_form", _apply(form, exc)
    return _("Corrective action recorded.")


def _revoke(request, case, now):
    count = services.rating_link_revoke(case_id=case.pk, actor=request.user, now=now)
    return _("The rating link was revoked.") if count else _("There was no live rating link.")


ACTIONS = {
    "contact": _contact, "note": _note, "step": _step, "assign": _assign, "link": _link, "unlink": _unlink, "attach": _attach,
    "resolve": _resolve, "decide": _decide, "close": _close, "reopen": _reopen, "cancel": _cancel, "action": _action,
    "revoke-rating": _revoke,
}


@login_required
def act(request, number, action):
    case = _case_or_404(request, number)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        result = handler(request, case, timezone.now())
    except (ValidationError, StaleEdit) as exc:
        messages.error(request, errors_text(exc))
        return redirect(case.get_absolute_url())
    if isinstance(result, tuple) and isinstance(result[1], BaseForm):
        messages.error(request, _("Please correct the fields marked below."))
        fresh = _case_or_404(request, number)
        return render(request, "tickets/detail.html", _detail_context(request, fresh, **{result[0]: result[1]}), status=400)
    if isinstance(result, tuple):
        messages.info(request, result[1])
    else:
        messages.success(request, result)
    return redirect(case.get_absolute_url())


@login_required
def edit(request, number):
    case = _case_or_404(request, number)
    roles.require(request.user, case.store, "tickets.handle")
    show_staff = roles.may(request.user, case.store, "tickets.see_staff_concerned")
    kwargs = {"categories": selectors.categories(), "staff": _staff(case.store), "show_staff": show_staff}
    if request.method == "POST":
        form = forms.EditForm(request.POST, **kwargs)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.case_update(case_id=case.pk, actor=request.user, now=timezone.now(), expected_version=form.cleaned_data["version"], **values)
            except (ValidationError, StaleEdit) as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("Case changed."))
                return redirect(case.get_absolute_url())
    else:
        initial = {f: getattr(case, f) for f in ("kind", "urgency", "description", "customer_wants", "regulator_number", "regulator_reply_due")}
        initial.update(category=case.category_id, staff_concerned=case.staff_concerned_id, version=case.version)
        form = forms.EditForm(initial=initial, **kwargs)
    return render(request, "tickets/edit.html", {"form": form, "case": case})


@login_required
@require_GET
def attachment(request, pk):
    row = get_object_or_404(roles.scoped(CaseAttachment.objects.select_related("case__store"), request.user), pk=pk)
    if not roles.may(request.user, row.case.store, "tickets.view"):
        raise PermissionDenied
    content_type = "application/pdf" if row.kind == "document" else "image/jpeg"
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:  # the upload's transaction committed but the file is gone (a restore without media)
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=row.kind == "document", filename=row.original_name or None)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def print_record(request, number):
    """The case record (A5): ?for=customer (default) or ?for=regulator; stored with its hash."""
    case = _case_or_404(request, number)
    roles.require(request.user, case.store, "tickets.print")
    audience = request.GET.get("for", "customer")
    if audience not in AUDIENCES:
        audience = "customer"
    data = case_record_data(case, audience=audience, language=request.LANGUAGE_CODE or "zh-hans")
    doc = doc_services.document_get_or_render(kind="case_record", subject=case, data=data, actor=request.user)
    return pdf_response(doc.read(), doc.filename)


# --- corrective actions, alerts --------------------------------------------------------------

@login_required
def actions(request):
    view = request.GET.get("view", "open")
    if view not in ("open", "overdue", "verify", "done"):
        view = "open"
    today = timezone.localdate()
    rows = CheapPage(selectors.actions_list(user=request.user, store=request.store, today=today, view=view), request.GET.get("page"), PAGE_SIZE)
    return render(request, "tickets/actions.html", {
        "page_obj": rows, "rows": rows.object_list, "view": view, "today": today,
        "views": [("open", _("Open")), ("overdue", _("Overdue")), ("verify", _("Awaiting verification")), ("done", _("Verified"))],
        "done_form": forms.ActionDoneForm(), "verify_form": forms.VerifyForm(),
    })


@login_required
def action_act(request, pk, action):
    row = get_object_or_404(roles.scoped(CorrectiveAction.objects.select_related("case"), request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    now = timezone.now()
    try:
        if action == "done":
            form = forms.ActionDoneForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say what was done."))
            services.action_done(action_id=row.pk, actor=request.user, now=now, note=form.cleaned_data["note"],
                                 expected_version=form.cleaned_data.get("version"))
            messages.success(request, _("Marked done; a manager verifies it later."))
        elif action == "verify":
            form = forms.VerifyForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say whether it worked and what was checked."))
            services.action_verify(action_id=row.pk, actor=request.user, now=now, effective=form.cleaned_data["effective"],
                                   note=form.cleaned_data["note"], expected_version=form.cleaned_data.get("version"))
            messages.success(request, _("Verification recorded."))
        else:
            raise Http404
    except (ValidationError, StaleEdit) as exc:
        messages.error(request, errors_text(exc))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else reverse("tickets:actions"))


@login_required
@require_GET
def alerts(request):
    rows = selectors.alerts_for(request.user)
    return render(request, "tickets/alerts.html", {"alerts": rows})


# --- chain settings and the official calendar ------------------------------------------------

def _require_chain(request):
    if not roles.is_chain_manager(request.user):
        raise PermissionDenied


@login_required
def settings_page(request):
    _require_chain(request)
    row = services.chain_settings()
    form = forms.SettingsForm(request.POST or None, instance=CaseSettings.objects.get(pk=row.pk), initial={"version": row.version})
    entry_form = forms.ListEntryForm(request.POST or None, prefix="entry") if request.POST.get("which") else forms.ListEntryForm(prefix="entry")
    if request.method == "POST":
        from .services import setup

        try:
            if request.POST.get("which") in setup.LISTS:
                if entry_form.is_valid():
                    d = entry_form.cleaned_data
                    setup.list_entry_save(actor=request.user, which=request.POST["which"], code=d["code"], name=d["name"], is_active=d["is_active"])
                    messages.success(request, _("List saved."))
                    return redirect("tickets:settings")
            elif form.is_valid():
                setup.settings_save(actor=request.user, values=form.cleaned_data, expected_version=form.cleaned_data.get("version"))
                messages.success(request, _("Case settings saved."))
                return redirect("tickets:settings")
        except (ValidationError, StaleEdit) as exc:
            _apply(entry_form if request.POST.get("which") else form, exc)
    from .models import CaseCategory, RootCause

    return render(request, "tickets/settings.html", {
        "form": form, "entry_form": entry_form, "categories": CaseCategory.objects.all(), "root_causes": RootCause.objects.all(),
    })


@login_required
def calendar(request):
    _require_chain(request)
    form = forms.CalendarYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from .services import setup

        d = form.cleaned_data
        try:
            setup.official_year_add(actor=request.user, year=d["year"], holidays=d["holiday_days"], workdays=d["workday_days"], source=d["source"])
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("The official schedule of %(year)s was added.") % {"year": d["year"]})
            return redirect("tickets:calendar")
    from . import checks, workdays

    today = timezone.localdate()
    years = [(y, workdays.package_knows(y)) for y in range(today.year - 1, today.year + 2)]
    return render(request, "tickets/calendar.html", {
        "form": form, "added": OfficialYear.objects.prefetch_related("days"), "years": years,
        "missing": checks.missing_next_year(today),
    })


# --- the customer's public rating page -------------------------------------------------------

@never_cache
def rate(request, token):
    """Public: a signed token from the SMS; nothing personal shown; one rating per case."""
    link = ratings.live_link(token)
    if link is None:
        raise Http404
    case = link.case
    existing = Rating.objects.filter(case=case).first()
    form = forms.RatingForm(request.POST or None)
    done = existing is not None
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.rating_submit(token=token, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"], now=timezone.now())
        except services.RatingRefused as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply(form, exc)
        else:
            return redirect("tickets:rate", token=token)
    response = render(request, "tickets/rate.html", {
        "form": form, "done": done, "rating": existing, "number": case.number, "store_name": case.store.name, "store_phone": case.store.phone,
    })
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Not "no-referrer": Chromium then sends "Origin: null" with the form, and the CSRF check refuses it.
    # "same-origin" still keeps the token in the URL from reaching any other site.
    response["Referrer-Policy"] = "same-origin"
    return response
