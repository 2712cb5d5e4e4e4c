"""Thin views: parse, call a service, show its error beside the input. NotAllowed is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales import audit, roles
from aftersales.concurrency import StaleEdit
from aftersales.documents import selectors as doc_selectors
from aftersales.documents import services as doc_services
from aftersales.documents.views import pdf_response

from . import selectors, services
from .documents import SHEET_KIND, sheet_data
from .forms import (
    AcceptForm,
    AssayForm,
    BuybackPriceForm,
    CompleteForm,
    DeclineForm,
    LotForm,
    MetalPriceForm,
    NewPieceForm,
    OldPieceForm,
    PurityTestForm,
    QuoteNewForm,
    RuleForm,
    SettingsForm,
)
from .models import CATEGORY_METAL, OldPiecePhoto, Quote, QuoteStatus, Rule, RuleCategory, RuleStatus
from .services.quotes import EDITABLE, can_move, needs_seller_id


def _store(request):
    if request.store is None:
        raise PermissionDenied
    return request.store


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, StaleEdit):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# --- quotes ------------------------------------------------------------------------------------

@login_required
def index(request):
    store = _store(request)
    roles.require(request.user, store, "tradein.view")
    status = request.GET.get("status", "")
    quotes = selectors.quotes_for(user=request.user).filter(store=store)
    if status in QuoteStatus.values:
        quotes = quotes.filter(status=status)
    return render(request, "tradein/index.html", {
        "quotes": quotes[:100], "status": status, "statuses": QuoteStatus.choices,
        "may_quote": roles.may(request.user, store, "tradein.quote"),
    })


@login_required
def quote_new(request):
    store = _store(request)
    form = QuoteNewForm(request.POST or None, initial={"kind": request.GET.get("kind", "tradein")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            quote = services.quote_create(actor=request.user, store=store, customer_id=d["customer"] or 0, kind=d["kind"],
                                          category=d["category"], origin=d["origin"], price_material=d["price_material"],
                                          notes=d["notes"], submit_token=request.POST.get("submit_token"))
        except services.AlreadySubmitted as done:
            return redirect(done.url)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("tradein:detail", number=quote.number)
    elif request.method == "GET":
        roles.require(request.user, store, "tradein.quote")
    return render(request, "tradein/new.html", {"form": form})


def _detail_context(request, quote, **forms):
    store = quote.store
    now = timezone.now()
    old_pieces = list(quote.old_pieces.all())
    for piece in old_pieces:
        piece.fineness_used, piece.test_used = selectors.used_fineness(piece)
        piece.weight_used = selectors.used_weight(piece)
    may = {a: roles.may(request.user, store, f"tradein.{a}") for a in
           ("quote", "accept", "complete", "decline", "purity_test", "buyback")}
    may_edit = quote.status in EDITABLE and (may["buyback"] if quote.is_buyback else may["quote"])
    version = {"version": quote.version}
    ctx = {
        "quote": quote, "old_pieces": old_pieces, "new_pieces": list(quote.new_pieces.all()), "may": may, "may_edit": may_edit,
        "old_form": forms.get("old_form") or OldPieceForm(initial=version),
        "new_form": forms.get("new_form") or NewPieceForm(initial={**version, "category": quote.category}),
        "test_form": forms.get("test_form") or PurityTestForm(initial=version),
        "accept_form": forms.get("accept_form") or AcceptForm(initial=version),
        "complete_form": forms.get("complete_form") or CompleteForm(initial=version),
        "decline_form": forms.get("decline_form") or DeclineForm(initial=version),
        "can_accept": can_move(quote, QuoteStatus.ACCEPTED) and quote.status == QuoteStatus.QUOTED and may["accept"],
        "can_complete": quote.status == QuoteStatus.ACCEPTED and may["complete"],
        "can_decline": can_move(quote, QuoteStatus.DECLINED) and may["decline"],
        "lock_expired": quote.lock_expired(now), "needs_id": needs_seller_id(quote),
        "may_set_prices": roles.may(request.user, store, "tradein.prices"),
        "price_missing": quote.status in EDITABLE and not _price_today(quote),
        "store_pays": quote.amount is not None and quote.amount < 0,
        "payout": -quote.amount if quote.amount is not None and quote.amount < 0 else None,
        "documents": doc_selectors.documents_for(subject=quote),
        "events": audit.history(quote),
    }
    return ctx


def _price_today(quote) -> bool:
    if quote.is_buyback:
        metal = CATEGORY_METAL[RuleCategory(quote.category)]
        return selectors.buyback_price_per_gram(store=quote.store, metal=metal) is not None
    return selectors.price_per_gram(store=quote.store, material=quote.price_material) is not None


def _quote(request, number):
    try:
        return selectors.quote_get(user=request.user, number=number)
    except ObjectDoesNotExist:
        raise Http404


@login_required
@require_GET
def detail(request, number):
    quote = _quote(request, number)
    roles.require(request.user, quote.store, "tradein.view")
    return render(request, "tradein/detail.html", _detail_context(request, quote))


def _with_form(form, name: str, call, done: str):
    """Run the service; its error goes beside the input, which the page keeps."""
    if not form.is_valid():
        return form, name
    try:
        call(form.cleaned_data)
    except StaleEdit as exc:
        form.add_error(None, str(exc.message))
        return form, name
    except ValidationError as exc:
        _errors(form, exc)
        return form, name
    return done, None


def _old(request, quote, now):
    return _with_form(OldPieceForm(request.POST), "old_form", lambda d: services.old_piece_add(
        actor=request.user, quote_id=quote.pk, data=d, expected_version=d["version"], now=now), _("Old piece added."))


def _new(request, quote, now):
    return _with_form(NewPieceForm(request.POST), "new_form", lambda d: services.new_piece_save(
        actor=request.user, quote_id=quote.pk, data=d, piece_id=d["piece"], expected_version=d["version"], now=now), _("New piece saved."))


def _remove_old(request, quote, now):
    services.old_piece_remove(actor=request.user, quote_id=quote.pk, piece_id=_int(request.POST.get("piece")),
                              expected_version=request.POST.get("version"), now=now)
    return _("Old piece removed."), None


def _remove_new(request, quote, now):
    services.new_piece_remove(actor=request.user, quote_id=quote.pk, piece_id=_int(request.POST.get("piece")),
                              expected_version=request.POST.get("version"), now=now)
    return _("New piece removed."), None


def _test(request, quote, now):
    def call(d):
        if not quote.old_pieces.filter(pk=d["piece"]).exists():
            raise Http404
        services.purity_test_add(actor=request.user, piece_id=d["piece"], method=d["method"], reading=d["reading"],
                                 weight_before_melt=d["weight_before_melt"], weight_after_melt=d["weight_after_melt"], notes=d["notes"],
                                 expected_version=d["version"], now=now)

    return _with_form(PurityTestForm(request.POST), "test_form", call, _("Purity test recorded."))


def _photo(request, quote, now):
    piece = quote.old_pieces.filter(pk=_int(request.POST.get("piece"))).first()
    if piece is None:
        raise Http404
    uploads = request.FILES.getlist("photos")
    if not uploads:
        raise ValidationError(_("Choose a photo."))
    for upload in uploads:
        services.photo_add(actor=request.user, piece_id=piece.pk, data=upload.read(), now=now)
    return _("Photo added."), None


def _price(request, quote, now):
    quote = services.quote_price(actor=request.user, quote_id=quote.pk, now=now, expected_version=request.POST.get("version"),
                                 submit_token=request.POST.get("submit_token"))
    if quote.refusals:
        return _("The quote is refused: see the reasons below."), None
    return _("Quote priced."), None


def _accept(request, quote, now):
    return _with_form(AcceptForm(request.POST), "accept_form", lambda d: services.quote_accept(
        actor=request.user, quote_id=quote.pk, signature_data_url=d["signature"], now=now, expected_version=d["version"],
        seller_id_type=d["seller_id_type"], seller_id_last4=d["seller_id_last4"]),
        _("Accepted and signed: the old pieces are in the store's custody."))


def _complete(request, quote, now):
    return _with_form(CompleteForm(request.POST), "complete_form", lambda d: services.quote_complete(
        actor=request.user, quote_id=quote.pk, payment_method=d["payment_method"], now=now, expected_version=d["version"]), _("Completed."))


def _decline(request, quote, now):
    return _with_form(DeclineForm(request.POST), "decline_form", lambda d: services.quote_decline(
        actor=request.user, quote_id=quote.pk, reason=d["reason"], now=now, expected_version=d["version"]), _("Declined."))


ACTIONS = {"old": _old, "new": _new, "remove_old": _remove_old, "remove_new": _remove_new, "test": _test, "photo": _photo,
           "price": _price, "accept": _accept, "complete": _complete, "decline": _decline}


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404


@login_required
@require_POST
def act(request, number, action):
    # The services lock and read what they need: only the row's identity is looked up here.
    quote = get_object_or_404(roles.scoped(Quote.objects.only("pk", "number", "store"), request.user), number=number)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    now = timezone.now()
    try:
        result, form_name = handler(request, quote, now)
    except ObjectDoesNotExist:
        raise Http404
    except (ValidationError, StaleEdit) as exc:
        messages.error(request, _error_text(exc))
        return redirect("tradein:detail", number=quote.number)
    if form_name:
        ctx = _detail_context(request, _quote(request, number), **{form_name: result})
        return render(request, "tradein/detail.html", ctx, status=400)
    messages.success(request, result)
    return redirect("tradein:detail", number=quote.number)


@login_required
@require_GET
def print_sheet(request, number):
    quote = _quote(request, number)
    roles.require(request.user, quote.store, "tradein.view")
    if quote.amount is None:
        messages.error(request, _("Price the quote before printing its sheet."))
        return redirect("tradein:detail", number=quote.number)
    document = doc_services.document_get_or_render(kind=SHEET_KIND, subject=quote, data=sheet_data(quote), actor=request.user)
    return pdf_response(document.read(), f"{quote.number}-v{document.version}.pdf")


@login_required
@require_GET
def signature(request, number):
    quote = _quote(request, number)
    if not quote.signature:
        raise Http404
    response = FileResponse(quote.signature.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def photo(request, pk):
    row = get_object_or_404(roles.scoped(OldPiecePhoto.objects.all(), request.user), pk=pk)
    response = FileResponse(row.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- prices, rules, settings -------------------------------------------------------------------

@login_required
def metal_prices(request):
    """Today's price per gram per metal and fineness, and the buyback prices per gram of fine metal."""
    store = _store(request)
    may_edit = roles.may(request.user, store, "tradein.prices")
    form = MetalPriceForm(request.POST if request.POST.get("form") != "buyback" else None)
    buyback_form = BuybackPriceForm(request.POST if request.POST.get("form") == "buyback" else None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        chosen = buyback_form if request.POST.get("form") == "buyback" else form
        if chosen.is_valid():
            d = chosen.cleaned_data
            try:
                if chosen is buyback_form:
                    services.buyback_price_set(actor=request.user, store=store, metal=d["metal"], price_per_gram=d["price_per_gram"],
                                               chain_wide=d["chain_wide"])
                else:
                    services.metal_price_set(actor=request.user, store=store, material=d["material"], price_per_gram=d["price_per_gram"],
                                             chain_wide=d["chain_wide"])
            except ValidationError as exc:
                chosen.add_error(None, exc)
            else:
                messages.success(request, _("Price saved."))
                return redirect("tradein:metal_prices")
    return render(request, "tradein/metal_prices.html", {
        "form": form, "buyback_form": buyback_form, "may_edit": may_edit, "prices": selectors.prices_for_day(store=store),
        "buyback_prices": selectors.buyback_prices_for_day(store=store), "today": timezone.localdate(),
    })


@login_required
def rules(request):
    store = _store(request)
    roles.require(request.user, store, "tradein.view")
    return render(request, "tradein/rules.html", {"rules": selectors.rules_for(user=request.user, store=store),
                                                  "may_edit": roles.may(request.user, store, "tradein.rules")})


def _rule_data(form, store, user) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k in Rule.DATA_FIELDS}
    data["store"] = None if form.cleaned_data.get("chain_wide") else store
    return data


@login_required
def rule_new(request):
    store = _store(request)
    roles.require(request.user, store, "tradein.rules")
    form = RuleForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.rule_create(actor=request.user, data=_rule_data(form, store, request.user), submit_token=request.POST.get("submit_token"))
        except services.AlreadySubmitted as done:
            return redirect(done.url)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Draft rule saved: publish it to use it."))
            return redirect("tradein:rule", pk=rule.pk)
    return render(request, "tradein/rule_form.html", {"form": form})


def _rule(request, pk) -> Rule:
    try:
        return selectors.rule_get(user=request.user, pk=pk)
    except Rule.DoesNotExist:
        raise Http404


def _rule_terms(rule: Rule) -> list[tuple[str, object]]:
    """The rule's terms in words, for reading (a published rule is not a form)."""
    rows = []
    for name in Rule.DATA_FIELDS:
        if name == "store":
            continue
        field = Rule._meta.get_field(name)
        value = getattr(rule, name)
        if field.choices:
            value = getattr(rule, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        rows.append((field.verbose_name, "" if value is None else value))
    return rows


@login_required
def rule_detail(request, pk):
    rule = _rule(request, pk)
    store = _store(request)
    may_edit = roles.may(request.user, rule.store or store, "tradein.rules") and (rule.store is not None or roles.is_chain_manager(request.user))
    form = RuleForm(request.POST or None, instance=rule, initial={"chain_wide": rule.store is None})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = _rule_data(form, rule.store or store, request.user)
            data["store"] = rule.store
            try:
                services.rule_update(actor=request.user, rule_id=rule.pk, data=data, expected_version=request.POST.get("version"))
            except (ValidationError, StaleEdit) as exc:
                if isinstance(exc, StaleEdit):
                    form.add_error(None, exc.message)
                else:
                    _errors(form, exc)
            else:
                messages.success(request, _("Rule saved."))
                return redirect("tradein:rule", pk=rule.pk)
    return render(request, "tradein/rule_detail.html", {"rule": Rule.objects.get(pk=rule.pk) if request.method == "GET" else rule,
                                                        "terms": _rule_terms(rule),
                                                        "form": form, "may_edit": may_edit,
                                                        "may_copy": roles.may(request.user, store, "tradein.rules"),
                                                        "is_draft": rule.status == RuleStatus.DRAFT})


@login_required
@require_POST
def rule_move(request, pk, action):
    rule = _rule(request, pk)
    if action == "copy":
        copy = services.rule_copy(actor=request.user, rule_id=rule.pk, store=request.store)
        messages.success(request, _("Copied into a new draft: change it, then publish it and withdraw the old rule."))
        return redirect("tradein:rule", pk=copy.pk)
    service = {"publish": services.rule_publish, "withdraw": services.rule_withdraw}.get(action)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, rule_id=rule.pk, expected_version=request.POST.get("version"))
    except (ValidationError, StaleEdit) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Rule published.") if action == "publish" else _("Rule withdrawn."))
    return redirect("tradein:rule", pk=rule.pk)


@login_required
def settings_view(request):
    store = _store(request)
    roles.require(request.user, store, "tradein.settings")
    current = selectors.settings_for(store)
    form = SettingsForm(request.POST or None, instance=current if current.store_id == store.pk else None,
                        initial={f: getattr(current, f) for f in ("lock_mode", "lock_minutes", "id_above_amount", "id_above_grams")})
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(actor=request.user, store=store, values=form.cleaned_data, expected_version=request.POST.get("version"),
                                   chain_wide=request.POST.get("chain_wide") == "on")
        except (ValidationError, StaleEdit) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Settings saved."))
            return redirect("tradein:settings")
    return render(request, "tradein/settings.html", {"form": form, "current": current, "is_chain": roles.is_chain_manager(request.user)})


# --- the ledger ------------------------------------------------------------------------------------

@login_required
def ledger(request):
    store = _store(request)
    roles.require(request.user, store, "tradein.ledger")
    form = LotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            lot = services.refinery_lot_send(actor=request.user, store=store, metal=d["metal"], fineness=d["fineness"], grams=d["grams"],
                                             refinery=d["refinery"], now=timezone.now())
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Lot %(number)s sent to the refinery.") % {"number": lot.number})
            return redirect("tradein:ledger")
    return render(request, "tradein/ledger.html", {
        "form": form, "balance": selectors.ledger_balance(store=store), "report": selectors.ledger_report(user=request.user),
        "lots": selectors.lots_for(user=request.user).filter(store=store)[:50], "assay_form": AssayForm(),
    })


@login_required
@require_POST
def lot_assay(request, pk):
    lot = get_object_or_404(selectors.lots_for(user=request.user), pk=pk)
    form = AssayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the assayed fineness."))
        return redirect("tradein:ledger")
    try:
        services.refinery_lot_assay(actor=request.user, lot_id=lot.pk, assay_fineness=form.cleaned_data["assay_fineness"],
                                    fine_grams=form.cleaned_data["fine_grams"], now=timezone.now(), expected_version=form.cleaned_data["version"])
    except (ValidationError, StaleEdit) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Assay result recorded."))
    return redirect("tradein:ledger")

