from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales import audit, clock, once, roles
from aftersales.concurrency import StaleEdit

from . import engine, selectors, services
from .forms import RuleForm, TryForm
from .models import Rule, Status
from .outcomes import Outcome


def _form_kwargs(request) -> dict:
    return {"stores": selectors.editable_stores(request.user), "chain_allowed": roles.is_chain_manager(request.user)}


@login_required
def index(request):
    """The staff page: the policy in force at this store today, and every rule the user may see."""
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = Paginator(selectors.rule_list(request.user, status=status), 50).get_page(request.GET.get("page"))
    return render(request, "policy/index.html", {
        "clauses": selectors.policy_for(request.store),
        "page_obj": page,
        "status": status,
        "statuses": Status.choices,
        "can_edit": selectors.can_edit_any(request.user),
        "today": clock.today(),
    })


@login_required
def print_policy(request):
    """The customers' copy: zh-Hans, generated from the same rules that decide cases."""
    with translation.override("zh-hans"):
        return render(request, "policy/print.html", {
            "clauses": selectors.policy_for(request.store),
            "store": request.store,
            "today": clock.today(),
        })


@login_required
def detail(request, pk: int):
    rule = get_object_or_404(selectors.visible_rules(request.user), pk=pk)
    if rule.status != Status.PUBLISHED and not selectors.can_edit_any(request.user):
        raise PermissionDenied
    return render(request, "policy/detail.html", {
        "rule": rule,
        "can_edit": services.can_edit(request.user, rule.store),
        "events": audit.history(rule),
    })


@login_required
def create(request):
    if not selectors.can_edit_any(request.user):
        raise PermissionDenied
    initial = {}
    source = request.GET.get("copy")
    if source and source.isdigit():
        original = get_object_or_404(selectors.visible_rules(request.user), pk=source)
        initial = {name: getattr(original, name) for name in RuleForm.Meta.fields if name != "store"}
        initial["store"] = original.store_id
        initial["valid_from"] = clock.today()
        initial["valid_to"] = None
    form = RuleForm(request.POST or None, initial=initial, **_form_kwargs(request))
    if request.method == "POST":
        done = once.already_done(token=request.POST.get(once.FIELD), user=request.user)
        if done:
            return redirect(done)
        if form.is_valid():
            try:
                rule = services.rule_create(actor=request.user, data=form.rule_data(), submit_token=request.POST.get(once.FIELD))
            except ValidationError as exc:
                form.add_error(None, exc)
            except services.AlreadySubmitted as exc:
                return redirect(exc.url)
            else:
                messages.success(request, _("Rule %(code)s saved as a draft. Try it, then publish it.") % {"code": rule.code})
                return redirect("policy:detail", pk=rule.pk)
    return render(request, "policy/form.html", {"form": form, "rule": None})


@login_required
def edit(request, pk: int):
    rule = get_object_or_404(selectors.visible_rules(request.user), pk=pk)
    if not services.can_edit(request.user, rule.store):
        raise PermissionDenied
    form = RuleForm(request.POST or None, instance=rule, **_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.rule_update(
                actor=request.user, rule_id=rule.pk, data=form.rule_data(), expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            form.add_error(None, exc.message)
        except services.RuleNotEditable as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Rule %(code)s saved.") % {"code": rule.code})
            return redirect("policy:detail", pk=rule.pk)
    return render(request, "policy/form.html", {"form": form, "rule": rule})


def _transition(request, pk: int, service, done_message: str):
    rule = get_object_or_404(selectors.visible_rules(request.user), pk=pk)
    if not services.can_edit(request.user, rule.store):
        raise PermissionDenied
    try:
        version = request.POST.get("version", "")
        rule = service(actor=request.user, rule_id=rule.pk, expected_version=int(version) if version.isdigit() else (-1 if version else None))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except StaleEdit as exc:
        messages.error(request, exc.message)
    except services.IllegalTransition:
        messages.error(request, _("The rule cannot make this change from its present state."))
    else:
        messages.success(request, done_message % {"code": rule.code})
    return redirect("policy:detail", pk=rule.pk)


@login_required
@require_POST
def publish(request, pk: int):
    return _transition(request, pk, services.rule_publish, _("Rule %(code)s is published: it now decides real cases."))


@login_required
@require_POST
def withdraw(request, pk: int):
    return _transition(request, pk, services.rule_withdraw, _("Rule %(code)s is withdrawn."))


@login_required
def try_it(request):
    """A hypothetical case: which rule decides and why. Everyone may try; editors may add draft rules."""
    drafts = selectors.draft_rules(request.user) if selectors.can_edit_any(request.user) else None
    stores = list(roles.stores(request.user).order_by("code"))
    submitted = "job_type" in request.GET
    form = TryForm(request.GET if submitted else None, stores=stores, drafts=drafts,
                   initial={"store": request.store.pk if request.store else None, "quantity": 1})
    decision = None
    if submitted and form.is_valid():
        data = form.cleaned_data
        purchase = None
        if data["purchased_at"]:
            purchase = SimpleNamespace(purchased_at=data["purchased_at"], category=data["category"], material=data["material"],
                                       series=data["series"], special_price=data["special_price"], single_use=data["single_use"])
        decision = engine.evaluate(
            store=data["store"],
            job_type=data["job_type"],
            category=data["category"],
            material=data["material"],
            reason=data["reason"],
            purchase=purchase,
            series=data["series"],
            receipt_shown=data["receipt_shown"],
            special_price=data["special_price"],
            single_use=data["single_use"],
            facts=data["facts"],
            prior_uses=data["prior_uses"],
            quantity=data["quantity"] or 1,
            at=data["at"] or clock.now(),
            drafts=list(data.get("drafts") or []),
        )
    rule = None
    if decision and decision.rule_id:
        rule = Rule.objects.filter(pk=decision.rule_id).select_related("store").first()
    outcome_label = Outcome(decision.outcome).label if decision else ""
    return render(request, "policy/try.html", {"form": form, "decision": decision, "rule": rule, "outcome_label": outcome_label})
