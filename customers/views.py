from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales import audit, clock, once, roles
from aftersales.concurrency import StaleEdit
from aftersales.models import Role

from . import phones, sections, selectors, services, timeline
from .forms import (
    CallForm,
    ConsentForm,
    CustomerCreateForm,
    CustomerForm,
    FollowUpForm,
    ImportForm,
    MergeForm,
    PurchaseForm,
    QuickCreateForm,
    SearchForm,
)
from .models import Customer, FollowUp, PurchaseImport
from .services.pos_import import COLUMN_HELP, ImportFileError

PAGE_SIZE = 25


def _store_or_403(request):
    if request.store is None:
        raise PermissionDenied
    return request.store


def _customer_or_404(request, pk: int) -> Customer:
    try:
        return selectors.customer_get(user=request.user, pk=pk)
    except Customer.DoesNotExist:
        raise Http404


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("accept", "") or request.headers.get("x-requested-with") == "fetch"


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _duplicates(user, phone: str, exclude_pk=None) -> list[dict]:
    return selectors.duplicates_seen_by(user=user, phone=phone, exclude_pk=exclude_pk)


def _customer_json(customer: Customer) -> dict:
    return {"id": customer.pk, "name": customer.name, "masked_phone": customer.masked_phone,
            "phone": customer.phone, "url": reverse("customers:detail", args=[customer.pk])}


# --- list, search, file ----------------------------------------------------------------------

@login_required
def index(request):
    form = SearchForm(request.GET or None)
    query = request.GET.get("q", "").strip()
    if query:
        results = selectors.customer_search(user=request.user, query=query, limit=50)
        page_obj = None
    else:
        paginator = Paginator(selectors.customers_for(request.user).order_by("-created_at", "-pk"), PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        results = page_obj.object_list
    return render(request, "customers/index.html", {
        "form": form, "query": query, "customers": results, "page_obj": page_obj, "tiers": selectors.tier_names(),
    })


@login_required
def lookup(request):
    """JSON for the repair intake's customer picker: the same search as the list page."""
    hits = selectors.customer_search(user=request.user, query=request.GET.get("q", ""), limit=10)
    return JsonResponse({"results": [
        {"id": c.pk, "name": c.name, "masked_phone": c.masked_phone, "store": c.home_store.name,
         "url": reverse("customers:detail", args=[c.pk])}
        for c in hits
    ]})


@login_required
def detail(request, pk: int):
    try:
        customer = selectors.customer_get(user=request.user, pk=pk, include_merged=True)
    except Customer.DoesNotExist:
        raise Http404
    if customer.merged_into_id:
        messages.info(request, _("This file was merged into another one; here is the surviving file."))
        return redirect("customers:detail", pk=customer.merged_into_id)
    return render(request, "customers/detail.html", {
        "customer": customer,
        "full_phone": selectors.can_see_full_phone(request.user, customer),
        "phone_display": phones.display(customer.phone),
        "phone2_display": phones.display(customer.phone2),
        "can_edit": selectors.can_edit(request.user, customer),
        "can_merge": selectors.can_merge(request.user, customer),
        "purchases": selectors.purchases_of(user=request.user, customer=customer),
        "followups": selectors.followups_of(customer),
        "consent_changes": customer.consent_changes.select_related("actor")[:20],
        "consent_form": ConsentForm(),
        "tier": customer.tier_label(selectors.tier_names()),
        "events": audit.history(customer),
        "duplicates": _duplicates(request.user, customer.phone, exclude_pk=customer.pk),
        "sections": sections.render(request=request, customer=customer),
    })


@login_required
def timeline_view(request, pk: int):
    customer = _customer_or_404(request, pk)
    return render(request, "customers/timeline.html", {"customer": customer, "entries": timeline.entries(customer, user=request.user)})


@login_required
def create(request):
    store = _store_or_403(request)
    roles.require_role(request.user, store, Role.COUNTER, Role.MANAGER)
    form = CustomerCreateForm(request.POST or None, initial={"vip_tier": "regular", "service_contact": True})
    duplicates = []
    if request.method == "POST":
        done = once.already_done(token=request.POST.get(once.FIELD), user=request.user)
        if done:
            return redirect(done)
        if form.is_valid():
            data = form.cleaned_data
            duplicates = _duplicates(request.user, data["phone"])
            if duplicates and not data["confirm_duplicate"]:
                form.add_error("phone", _("A customer file with this phone already exists. Open it, or tick the box to make a second file."))
            else:
                try:
                    customer = services.customer_create(
                        store=store, actor=request.user, token=request.POST.get(once.FIELD),
                        result_url=lambda c: reverse("customers:detail", args=[c.pk]),
                        **{k: data[k] for k in ["name", "phone", "phone2", "wechat_id", "birthday", "gender", "vip_tier",
                                                "notes", "preferences", "service_contact", "marketing_consent", "consent_method"]},
                    )
                except services.AlreadySubmitted:
                    return redirect(once.already_done(token=request.POST.get(once.FIELD), user=request.user) or "customers:index")
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    messages.success(request, _("Customer file for %(name)s created.") % {"name": customer.name})
                    return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/form.html", {"form": form, "duplicates": duplicates, "title": _("New customer")})


@login_required
def quick_create(request):
    """A small form the repair intake opens in a modal; answers JSON to fetch(), a page otherwise."""
    store = _store_or_403(request)
    roles.require_role(request.user, store, Role.COUNTER, Role.MANAGER)
    form = QuickCreateForm(request.POST or None)
    duplicates = []
    if request.method == "POST":
        done = once.already_done(token=request.POST.get(once.FIELD), user=request.user)
        if done and not _wants_json(request):
            return redirect(done)
        if done:  # a double click in the dialog: answer with the customer the first click made
            match = resolve(done)
            customer = selectors.customers_for(request.user).filter(pk=match.kwargs.get("pk")).first()
            if customer is not None:
                return JsonResponse({"ok": True, "customer": _customer_json(customer)}, status=200)
        if form.is_valid():
            data = form.cleaned_data
            duplicates = _duplicates(request.user, data["phone"])
            if duplicates and not data["confirm_duplicate"]:
                form.add_error("phone", _("A customer file with this phone already exists. Pick it, or tick the box to make a second file."))
            else:
                try:
                    customer = services.customer_create(
                        store=store, actor=request.user, name=data["name"], phone=data["phone"],
                        marketing_consent=data["marketing_consent"], token=request.POST.get(once.FIELD),
                        result_url=lambda c: reverse("customers:detail", args=[c.pk]),
                    )
                except services.AlreadySubmitted:
                    form.add_error(None, _("This form was already sent; the customer was created once."))
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    if _wants_json(request):
                        return JsonResponse({"ok": True, "customer": _customer_json(customer)}, status=201)
                    messages.success(request, _("Customer file for %(name)s created.") % {"name": customer.name})
                    target = request.POST.get("next", "")
                    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                        return redirect(f"{target}{'&' if '?' in target else '?'}customer={customer.pk}")
                    return redirect("customers:detail", pk=customer.pk)
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": {k: [str(m) for m in v] for k, v in form.errors.items()},
                                 "duplicates": duplicates}, status=400)
    template = "customers/_quick_form.html" if request.GET.get("fragment") else "customers/quick_create.html"
    return render(request, template, {"form": form, "duplicates": duplicates, "next": request.GET.get("next", "")})


@login_required
def edit(request, pk: int):
    customer = _customer_or_404(request, pk)
    if not selectors.can_edit(request.user, customer):
        raise PermissionDenied
    form = CustomerForm(request.POST or None, initial=CustomerForm.initial_for(customer))
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = _duplicates(request.user, data["phone"], exclude_pk=customer.pk)
        try:
            services.customer_update(
                customer_id=customer.pk, actor=request.user, expected_version=data["version"],
                **{k: data[k] for k in ["name", "phone", "phone2", "wechat_id", "birthday", "gender", "vip_tier", "notes", "preferences", "service_contact"]},
            )
        except StaleEdit as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if duplicates:
                messages.warning(request, _("Another file has this phone: a manager can merge the two."))
            messages.success(request, _("Saved."))
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/form.html", {"form": form, "customer": customer, "duplicates": duplicates, "title": _("Edit customer")})


@login_required
@require_POST
def consent(request, pk: int):
    customer = _customer_or_404(request, pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the customer gave or withdrew consent."))
        return redirect("customers:detail", pk=customer.pk)
    change = services.consent_set(customer_id=customer.pk, actor=request.user, given=form.cleaned_data["given"],
                                  method=form.cleaned_data["method"], note=form.cleaned_data["note"], store=request.store)
    if change is None:
        messages.info(request, _("Nothing changed."))
    elif change.given:
        messages.success(request, _("Marketing consent recorded."))
    else:
        messages.success(request, _("Marketing consent withdrawn: no more marketing calls or messages."))
    return redirect("customers:detail", pk=customer.pk)


@login_required
def purchase_add(request, pk: int):
    customer = _customer_or_404(request, pk)
    store = _store_or_403(request)
    roles.require_role(request.user, store, Role.COUNTER, Role.MANAGER)
    form = PurchaseForm(request.POST or None, initial={"purchased_at": clock.localnow().replace(second=0, microsecond=0)})
    if request.method == "POST":
        url = reverse("customers:detail", args=[customer.pk])
        if once.already_done(token=request.POST.get(once.FIELD), user=request.user) is not None:
            return redirect(url)
        if form.is_valid():
            try:
                services.purchase_create(customer_id=customer.pk, store=store, actor=request.user,
                                         token=request.POST.get(once.FIELD), **form.cleaned_data)
            except services.AlreadySubmitted:
                return redirect(url)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Purchase recorded."))
                return redirect(url)
    return render(request, "customers/purchase_form.html", {"form": form, "customer": customer})


@login_required
def merge(request, pk: int):
    survivor = _customer_or_404(request, pk)
    if not selectors.can_merge(request.user, survivor):
        raise PermissionDenied
    initial_other = request.GET.get("other")
    form = MergeForm(request.POST or None, initial={"other": initial_other})
    other = None
    other_id = request.POST.get("other") or initial_other
    if other_id and str(other_id).isdigit():
        other = selectors.customers_for(request.user).exclude(pk=survivor.pk).filter(pk=int(other_id)).first()
    if request.method == "POST" and form.is_valid():
        if other is None:
            form.add_error("other", _("No other customer file with this number in your stores."))
        else:
            try:
                services.customer_merge(survivor_id=survivor.pk, duplicate_id=other.pk, actor=request.user, note=form.cleaned_data["note"])
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Files merged: everything of %(other)s is now on this file.") % {"other": other.name})
                return redirect("customers:detail", pk=survivor.pk)
    candidates = selectors.duplicates_for_phone(phone=survivor.phone, exclude_pk=survivor.pk).filter(home_store__in=roles.store_ids(request.user))
    return render(request, "customers/merge.html", {"form": form, "survivor": survivor, "other": other, "candidates": candidates})


# --- CSV import ------------------------------------------------------------------------------

@login_required
def purchase_import(request):
    store = _store_or_403(request)
    roles.require_role(request.user, store, Role.COUNTER, Role.MANAGER)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.purchase_import_start(store=store, actor=request.user, file_name=upload.name, raw=upload.read())
        except ImportFileError as exc:
            form.add_error("file", exc.messages)
        else:
            return redirect("customers:import_detail", pk=batch.pk)
    recent = roles.scoped(PurchaseImport.objects.all(), request.user).filter(store=store).select_related("created_by")[:10]
    return render(request, "customers/import.html", {"form": form, "columns": COLUMN_HELP, "recent": recent})


@login_required
def import_detail(request, pk: int):
    batch = get_object_or_404(roles.scoped(PurchaseImport.objects.all(), request.user), pk=pk)
    return render(request, "customers/import_detail.html", {"batch": batch})


@login_required
@require_POST
def import_step(request, pk: int):
    batch = get_object_or_404(roles.scoped(PurchaseImport.objects.all(), request.user), pk=pk)
    batch = services.purchase_import_step(import_id=batch.pk, actor=request.user)
    if _wants_json(request):
        return JsonResponse({"percent": batch.percent, "done": batch.status == "done", "next_row": batch.next_row,
                             "total": batch.total_rows, "added": batch.created_count, "skipped": batch.skipped_count,
                             "rejected": len(batch.rejected)})
    return redirect("customers:import_detail", pk=batch.pk)


# --- follow-up calls -------------------------------------------------------------------------

@login_required
def followups(request):
    store = _store_or_403(request)
    roles.require_role(request.user, store, Role.COUNTER, Role.MANAGER)
    today = clock.today()
    escalated = request.GET.get("escalated") == "1"
    calls = selectors.call_list(user=request.user, store=store, today=today)
    if escalated:  # the store manager's list: calls overdue past the store's escalation days
        calls = calls.filter(escalated_at__isnull=False)
    paginator = Paginator(calls, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = [(fu, phones.display(fu.customer.phone), selectors.followup_source_url(fu)) for fu in page_obj.object_list]
    return render(request, "customers/followups.html", {"rows": rows, "page_obj": page_obj, "today": today, "escalated": escalated})


@login_required
def followup_add(request, pk: int):
    customer = _customer_or_404(request, pk)
    store = _store_or_403(request)
    roles.require_role(request.user, store, Role.COUNTER, Role.MANAGER)
    form = FollowUpForm(request.POST or None, initial={"due_date": clock.today()}, store=store)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_create(customer=customer, store=store, actor=request.user, **form.cleaned_data)
        except services.NoMarketingConsent as exc:
            form.add_error("reason", exc.message)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Follow-up call planned."))
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/followup_form.html", {"form": form, "customer": customer})


@login_required
def followup_call(request, pk: int):
    try:
        followup = selectors.followup_get(user=request.user, pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404
    roles.require_role(request.user, followup.store_id, Role.COUNTER, Role.MANAGER)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record_call(followup_id=followup.pk, actor=request.user, **form.cleaned_data)
        except (services.FollowUpClosed, services.NoMarketingConsent) as exc:
            messages.error(request, exc.message)
            return redirect("customers:followups")
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Call recorded for %(name)s.") % {"name": followup.customer.name})
            return redirect("customers:followups")
    customer = followup.customer
    return render(request, "customers/followup_call.html", {
        "form": form, "followup": followup, "customer": customer, "phone_display": phones.display(customer.phone),
        "source_url": selectors.followup_source_url(followup), "calls": followup.calls.select_related("caller"),
        "recent_purchases": customer.purchases.all()[:3], "max_attempts": services.max_attempts(followup.store),
    })


@login_required
@require_POST
def followup_cancel(request, pk: int):
    try:
        followup = selectors.followup_get(user=request.user, pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404
    try:
        services.followup_cancel(followup_id=followup.pk, actor=request.user, note=request.POST.get("note", ""))
    except services.FollowUpClosed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Follow-up call cancelled."))
    return redirect("customers:followups")
