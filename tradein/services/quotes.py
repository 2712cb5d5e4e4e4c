"""A quote's life: draft → quoted → accepted → completed, or declined / expired.

Every move locks the quote row, checks the permission table and the allowed-moves table, bumps the
version (optimistic locking for the forms) and writes one event.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales import audit, numbering, once, roles
from aftersales.catalog import Material
from aftersales.concurrency import check_and_bump
from aftersales.images import clean_image, signature_from_data_url
from customers.models import Customer

from .. import selectors
from ..calculation import NewIn, OldIn, calculate_quote
from ..models import (
    CATEGORY_METAL,
    MAX_GRAMS,
    IdType,
    LedgerEntry,
    LedgerKind,
    NewPiece,
    OldPiece,
    OldPiecePhoto,
    Origin,
    PaymentMethod,
    PriceMode,
    PurityTest,
    Quote,
    QuoteKind,
    QuoteStatus,
    RuleCategory,
    TestMethod,
)
from .errors import AlreadyDone, AlreadySubmitted, IllegalTransition, NoPriceToday, NoRule
from .rules import snapshot

S = QuoteStatus
ALLOWED: dict[str, set[str]] = {
    S.DRAFT: {S.QUOTED, S.DECLINED},
    S.QUOTED: {S.DRAFT, S.QUOTED, S.ACCEPTED, S.DECLINED, S.EXPIRED},
    S.ACCEPTED: {S.COMPLETED},
    S.EXPIRED: {S.DRAFT, S.QUOTED, S.DECLINED},
    S.COMPLETED: set(),
    S.DECLINED: set(),
}
EDITABLE = {S.DRAFT, S.QUOTED, S.EXPIRED}


def can_move(quote: Quote, to: str) -> bool:
    return to in ALLOWED.get(quote.status, set())


def lock(quote_id: int) -> Quote:
    # OF self: the quote's row only, not its store's and customer's (see repairs' lock).
    return Quote.objects.select_for_update(of=("self",)).select_related("store", "customer").get(pk=quote_id)


def _action(quote: Quote, action: str) -> str:
    return "tradein.buyback" if quote.kind == QuoteKind.BUYBACK and action == "tradein.quote" else action


# The event each move records (described in tradein/events.py).
MOVE_KINDS = {S.DRAFT: "tradein.draft", S.QUOTED: "tradein.quoted", S.ACCEPTED: "tradein.accepted",
              S.COMPLETED: "tradein.completed", S.DECLINED: "tradein.declined", S.EXPIRED: "tradein.expired"}


def move(quote: Quote, *, to: str, actor, now: datetime, fields: dict | None = None, note: str = "") -> Quote:
    """Guard, save and record one move of a locked quote."""
    if quote.status == to and to != S.QUOTED:
        raise AlreadyDone(number=quote.number, current=quote.get_status_display())
    if not can_move(quote, to):
        raise IllegalTransition(number=quote.number, current=quote.get_status_display(), target=S(to).label)
    old = {"status": quote.status}
    quote.status = to
    for name, value in (fields or {}).items():
        setattr(quote, name, value)
    quote.version += 1
    quote.save()
    audit.record(actor=actor, kind=MOVE_KINDS[to], subject=quote, store=quote.store, old=old,
                 new={"status": to, **{k: v for k, v in (fields or {}).items() if k not in ("lines", "rule_snapshot", "refusals", "signature")}}, note=note)
    return quote


# --- input checks (bad input: a clear error, nothing changed) -----------------------------------

def _decimal(value, field: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        raise TypeError("Floats are not money or weights.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({field: _("%(label)s is not a number.") % {"label": label}})
    if not number.is_finite():
        raise ValidationError({field: _("%(label)s is not a number.") % {"label": label}})
    return number


def _weight(value, field: str, label: str, *, required: bool = True) -> Decimal | None:
    grams = _decimal(value, field, label)
    if grams is None:
        if required:
            raise ValidationError({field: _("%(label)s is required.") % {"label": label}})
        return None
    if grams <= 0:
        raise ValidationError({field: _("%(label)s must be more than 0 g.") % {"label": label}})
    if grams > MAX_GRAMS:
        raise ValidationError({field: _("%(label)s of more than 2 kg is not a piece the counter weighs: check the scale.") % {"label": label}})
    if grams != grams.quantize(Decimal("0.001")):
        raise ValidationError({field: _("%(label)s: at most three decimals (0.001 g).") % {"label": label}})
    return grams


def _fineness(value, field: str, label: str) -> Decimal:
    reading = _decimal(value, field, label)
    if reading is None:
        raise ValidationError({field: _("%(label)s is required.") % {"label": label}})
    if reading < 0 or reading > 1000:
        raise ValidationError({field: _("Fineness is between 0 and 1000 ‰.")})
    return reading


def _money(value, field: str, label: str) -> Decimal | None:
    amount = _decimal(value, field, label)
    if amount is not None and (amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount > Decimal("99999999")):
        raise ValidationError({field: _("%(label)s: a sum in yuan, not below zero, with at most two decimals.") % {"label": label}})
    return amount


def _choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the options.")})
    return value


def _editable(quote: Quote) -> None:
    if quote.status not in EDITABLE:
        raise ValidationError(_("Quote %(number)s is %(status)s: its pieces can no longer change.")
                              % {"number": quote.number, "status": quote.get_status_display()})


def _touched(quote: Quote, *, actor, expected_version, now: datetime) -> None:
    """A piece changed: a quoted price no longer describes the quote, so it goes back to draft."""
    check_and_bump(quote, expected_version)
    if quote.status in (S.QUOTED, S.EXPIRED):
        old = quote.status
        quote.status = S.DRAFT
        quote.amount = None
        quote.price_locked_until = None
        audit.record(actor=actor, kind="tradein.draft", subject=quote, store=quote.store, old={"status": old}, new={"status": S.DRAFT})
    quote.save()


# --- creating a quote and its pieces -----------------------------------------------------------

@transaction.atomic
def quote_create(*, actor, store, customer_id: int, kind: str = QuoteKind.TRADEIN, category: str, origin: str,
                 price_material: str = Material.GOLD_999, notes: str = "", submit_token: str | None = None) -> Quote:
    _choice(kind, QuoteKind, "kind")
    roles.require(actor, store, "tradein.buyback" if kind == QuoteKind.BUYBACK else "tradein.quote")
    _choice(category, RuleCategory, "category")
    _choice(origin, Origin, "origin")
    if Material.metal_of(price_material) is None:
        raise ValidationError({"price_material": _("Choose one of the options.")})
    customer = roles.scoped(Customer.objects.filter(merged_into__isnull=True), actor).filter(pk=customer_id).first()
    if customer is None:
        raise ValidationError({"customer": _("Choose the customer (type the phone or its last four digits).")})
    if submit_token and not once.claim(token=submit_token, user=actor):
        raise AlreadySubmitted(once.already_done(token=submit_token, user=actor) or reverse("tradein:index"))
    quote = Quote.objects.create(
        number=numbering.next_number(store=store, kind="B" if kind == QuoteKind.BUYBACK else "T"),
        kind=kind, store=store, customer=customer, category=category, origin=origin, price_material=price_material,
        notes=notes, created_by=actor,
    )
    if submit_token:
        once.set_result(token=submit_token, user=actor, result_url=reverse("tradein:detail", kwargs={"number": quote.number}))
    audit.record(actor=actor, kind="tradein.created", subject=quote, store=store,
                 new={"number": quote.number, "kind": kind, "customer": customer.pk, "category": category, "origin": origin})
    return quote


@transaction.atomic
def old_piece_add(*, actor, quote_id: int, data: dict, expected_version=None, now: datetime) -> OldPiece:
    quote = lock(quote_id)
    roles.require(actor, quote.store, _action(quote, "tradein.quote"))
    _editable(quote)
    material = data.get("material")
    if Material.metal_of(material or "") is None:
        raise ValidationError({"material": _("Choose one of the options.")})
    gross = _weight(data.get("gross_weight"), "gross_weight", _("Gross weight"))
    net = _weight(data.get("net_weight"), "net_weight", _("Net weight"), required=False) or gross
    if net > gross:
        raise ValidationError({"net_weight": _("The net weight cannot be more than the gross weight.")})
    hallmark_fineness = data.get("hallmark_fineness")
    fineness = _fineness(hallmark_fineness if hallmark_fineness not in (None, "") else Material.fineness_of(material),
                         "hallmark_fineness", _("Fineness by the hallmark"))
    original_price = _money(data.get("original_price"), "original_price", _("Original price"))
    description = (data.get("description") or "").strip()[:200]
    if not description:
        raise ValidationError({"description": _("Describe the piece.")})
    category = data.get("category") or "other"
    piece = OldPiece.objects.create(
        quote=quote, description=description, category=category, material=material, hallmark=(data.get("hallmark") or "").strip()[:40],
        hallmark_fineness=int(fineness), gross_weight=gross, net_weight=net, original_price=original_price,
    )
    _touched(quote, actor=actor, expected_version=expected_version, now=now)
    audit.record(actor=actor, kind="tradein.old_piece_added", subject=quote, store=quote.store,
                 new={"piece": piece.pk, "description": description, "material": material, "gross_weight": gross, "net_weight": net,
                      "hallmark_fineness": int(fineness)})
    return piece


@transaction.atomic
def old_piece_remove(*, actor, quote_id: int, piece_id: int, expected_version=None, now: datetime) -> None:
    quote = lock(quote_id)
    roles.require(actor, quote.store, _action(quote, "tradein.quote"))
    _editable(quote)
    piece = OldPiece.objects.get(pk=piece_id, quote=quote)
    audit.record(actor=actor, kind="tradein.old_piece_removed", subject=quote, store=quote.store,
                 old={"piece": piece.pk, "description": piece.description, "net_weight": piece.net_weight})
    piece.delete()
    _touched(quote, actor=actor, expected_version=expected_version, now=now)


@transaction.atomic
def new_piece_save(*, actor, quote_id: int, data: dict, piece_id: int | None = None, expected_version=None, now: datetime) -> NewPiece:
    """Add a new piece (scanned or typed code), or correct one (e.g. its weight)."""
    quote = lock(quote_id)
    roles.require(actor, quote.store, _action(quote, "tradein.quote"))
    if quote.kind == QuoteKind.BUYBACK:
        raise ValidationError(_("A buyback has no new pieces."))
    _editable(quote)
    weight = _weight(data.get("weight"), "weight", _("Weight"))
    mode = _choice(data.get("price_mode") or PriceMode.BY_GRAM, PriceMode, "price_mode")
    tag_price = _money(data.get("tag_price"), "tag_price", _("Tag price"))
    if mode == PriceMode.TAG and not tag_price:
        raise ValidationError({"tag_price": _("A tag-priced piece needs its tag price.")})
    category = _choice(data.get("category") or quote.category, RuleCategory, "category")
    values = {"product_code": (data.get("product_code") or "").strip()[:40], "description": (data.get("description") or "").strip()[:200],
              "category": category, "weight": weight, "price_mode": mode, "tag_price": tag_price if mode == PriceMode.TAG else None}
    if piece_id:
        piece = NewPiece.objects.get(pk=piece_id, quote=quote)
        old, new = audit.changes(piece, list(values), values)
        piece.save()
    else:
        piece = NewPiece.objects.create(quote=quote, **values)
        old, new = {}, audit._jsonable(values)
    _touched(quote, actor=actor, expected_version=expected_version, now=now)
    audit.record(actor=actor, kind="tradein.new_piece_saved", subject=quote, store=quote.store, old=old, new={"piece": piece.pk, **new})
    return piece


@transaction.atomic
def new_piece_remove(*, actor, quote_id: int, piece_id: int, expected_version=None, now: datetime) -> None:
    quote = lock(quote_id)
    roles.require(actor, quote.store, _action(quote, "tradein.quote"))
    _editable(quote)
    piece = NewPiece.objects.get(pk=piece_id, quote=quote)
    audit.record(actor=actor, kind="tradein.new_piece_removed", subject=quote, store=quote.store,
                 old={"piece": piece.pk, "product_code": piece.product_code, "weight": piece.weight})
    piece.delete()
    _touched(quote, actor=actor, expected_version=expected_version, now=now)


@transaction.atomic
def purity_test_add(*, actor, piece_id: int, method: str, reading, weight_before_melt=None, weight_after_melt=None,
                    notes: str = "", expected_version=None, now: datetime) -> PurityTest:
    """Record a purity test (检测): its reading becomes the fineness the quote uses."""
    piece = OldPiece.objects.select_related("quote").get(pk=piece_id)
    quote = lock(piece.quote_id)
    roles.require(actor, quote.store, "tradein.purity_test")
    _editable(quote)
    _choice(method, TestMethod, "method")
    reading = _fineness(reading, "reading", _("Reading"))
    before = _weight(weight_before_melt, "weight_before_melt", _("Weight before melting"), required=False)
    after = _weight(weight_after_melt, "weight_after_melt", _("Weight after melting"), required=False)
    if after is not None and before is None:
        before = piece.net_weight
    if after is not None and after > before:
        raise ValidationError({"weight_after_melt": _("Melting does not add weight: the weight after is more than before.")})
    test = PurityTest.objects.create(piece=piece, method=method, reading=reading, weight_before_melt=before, weight_after_melt=after,
                                     tested_by=actor, tested_at=now, notes=(notes or "")[:200])
    _touched(quote, actor=actor, expected_version=expected_version, now=now)
    audit.record(actor=actor, kind="tradein.purity_tested", subject=quote, store=quote.store,
                 new={"piece": piece.pk, "method": method, "reading": reading, "weight_before_melt": before, "weight_after_melt": after})
    return test


@transaction.atomic
def photo_add(*, actor, piece_id: int, data: bytes, now: datetime) -> OldPiecePhoto:
    piece = OldPiece.objects.select_related("quote").get(pk=piece_id)
    quote = lock(piece.quote_id)
    roles.require(actor, quote.store, _action(quote, "tradein.quote"))
    content, width, height = clean_image(data)
    photo = OldPiecePhoto(piece=piece, width=width, height=height, taken_at=now, taken_by=actor)
    photo.image.save(content.name, content, save=False)
    try:
        photo.save()
        audit.record(actor=actor, kind="tradein.photo_added", subject=quote, store=quote.store, new={"piece": piece.pk, "photo": photo.pk})
    except Exception:
        photo.image.storage.delete(photo.image.name)  # never a file without its row
        raise
    return photo


# --- pricing -----------------------------------------------------------------------------------------

def calculation_inputs(quote: Quote, old_pieces: list[OldPiece] | None = None) -> tuple[list[OldIn], list[NewIn]]:
    olds = []
    for piece in old_pieces if old_pieces is not None else quote.old_pieces.prefetch_related("tests"):
        fineness, _test = selectors.used_fineness(piece)
        olds.append(OldIn(weight=selectors.used_weight(piece), fineness=fineness, original_price=piece.original_price, label=piece.description))
    news = [NewIn(weight=n.weight, category=n.category, tag_price=n.tag_price if n.price_mode == PriceMode.TAG else None,
                  label=n.product_code or n.description) for n in quote.new_pieces.all()]
    return olds, news


@transaction.atomic
def quote_price(*, actor, quote_id: int, now: datetime, expected_version=None, locked_until: datetime | None = None,
                submit_token: str | None = None) -> Quote:
    """Price the quote with today's rule and price. Refused: it stays a draft and shows why.
    Priced: quoted, with the price locked until the store's lock ends."""
    quote = lock(quote_id)
    roles.require(actor, quote.store, _action(quote, "tradein.quote"))
    if quote.status not in EDITABLE:
        raise IllegalTransition(number=quote.number, current=quote.get_status_display(), target=S.QUOTED.label)
    check_and_bump(quote, expected_version)
    if submit_token and not once.claim(token=submit_token, user=actor):
        raise AlreadySubmitted(reverse("tradein:detail", kwargs={"number": quote.number}))
    if locked_until is not None and locked_until <= now:
        raise ValidationError({"locked_until": _("The price lock ends in the past: choose a later time.")})
    today = timezone.localdate(now)
    rule = selectors.rule_for(store=quote.store, category=quote.category, origin=quote.origin, day=today)
    if rule is None:
        raise NoRule(_("No published trade-in rule applies to %(category)s pieces (%(origin)s) today: a manager publishes one first.")
                     % {"category": RuleCategory(quote.category).label, "origin": Origin(quote.origin).label})
    if quote.kind == QuoteKind.BUYBACK:
        metal = CATEGORY_METAL[RuleCategory(quote.category)]
        price = selectors.buyback_price_per_gram(store=quote.store, metal=metal, on=today)
        if price is None:
            raise NoPriceToday(_("the buyback of %(metal)s") % {"metal": metal})
    else:
        price = selectors.price_per_gram(store=quote.store, material=quote.price_material, on=today)
        if price is None:
            raise NoPriceToday(Material(quote.price_material).label)
    pieces = list(quote.old_pieces.prefetch_related("tests"))
    if rule.must_melt and quote.origin == Origin.OTHER:
        unmelted = [p.description for p in pieces if not any(t.weight_after_melt is not None for t in p.tests.all())]
        if unmelted:
            raise ValidationError(_("Rule %(rule)s: other-brand pieces are melted and assayed first; not yet done for: %(pieces)s.")
                                  % {"rule": rule.code, "pieces": ", ".join(unmelted)})
    olds, news = calculation_inputs(quote, pieces)
    result = calculate_quote(rule=rule, old_pieces=olds, new_pieces=news, price_per_gram=price, buyback=quote.kind == QuoteKind.BUYBACK)
    fields = {
        "rule": rule, "rule_snapshot": snapshot(rule), "price_date": today, "price_per_gram": price,
        "lines": [line.as_dict() for line in result.lines], "refusals": [r.as_dict() for r in result.refusals],
        "amount": result.amount, "quoted_at": now, "quoted_by": actor,
    }
    if result.ok:
        fields["price_locked_until"] = locked_until or selectors.lock_until(store=quote.store, now=now)
        move(quote, to=S.QUOTED, actor=actor, now=now, fields=fields)
    else:
        fields["price_locked_until"] = None
        old_status = quote.status
        for name, value in fields.items():
            setattr(quote, name, value)
        quote.status = S.DRAFT
        quote.save()
        audit.record(actor=actor, kind="tradein.refused", subject=quote, store=quote.store, old={"status": old_status},
                     new={"status": S.DRAFT, "amount": result.amount, "refusals": [{"zh": r.zh, "en": r.en} for r in result.refusals]})
    return quote


def needs_seller_id(quote: Quote) -> bool:
    if quote.kind != QuoteKind.BUYBACK:
        return False
    prefs = selectors.chain_settings()
    weight = sum((selectors.used_weight(p) for p in quote.old_pieces.all()), Decimal(0))
    payout = -(quote.amount or Decimal(0))
    return payout >= prefs.id_above_amount or weight >= prefs.id_above_grams


@transaction.atomic
def quote_accept(*, actor, quote_id: int, signature_data_url: str, now: datetime, expected_version=None,
                 seller_id_type: str = "", seller_id_last4: str = "") -> Quote:
    """The customer signs: the price holds, and the old pieces pass into the store's custody."""
    quote = lock(quote_id)
    roles.require(actor, quote.store, "tradein.accept")
    if quote.status == S.ACCEPTED:
        raise AlreadyDone(number=quote.number, current=quote.get_status_display())
    if not can_move(quote, S.ACCEPTED):
        raise IllegalTransition(number=quote.number, current=quote.get_status_display(), target=S.ACCEPTED.label)
    check_and_bump(quote, expected_version)
    if quote.refusals:
        raise ValidationError(_("The quote was refused: %(why)s") % {"why": " ".join(r.get("zh", "") for r in quote.refusals)})
    if quote.lock_expired(now):
        raise ValidationError(_("The price lock ended at %(time)s: price the quote again with today's price.")
                              % {"time": timezone.localtime(quote.price_locked_until).strftime("%H:%M")})
    pieces = list(quote.old_pieces.prefetch_related("tests"))
    fields: dict = {"accepted_at": now, "accepted_by": actor}
    if needs_seller_id(quote):
        if seller_id_type not in IdType.values or not (seller_id_last4 or "").strip().isalnum() or len(seller_id_last4.strip()) != 4:
            raise ValidationError(_("Above the chain's buyback threshold the seller's ID type and its last four characters are recorded."))
        fields.update(seller_id_type=seller_id_type, seller_id_last4=seller_id_last4.strip().upper())
    signature = signature_from_data_url(signature_data_url)  # checked before anything is written
    move(quote, to=S.ACCEPTED, actor=actor, now=now, fields=fields)
    metal_of = CATEGORY_METAL[RuleCategory(quote.category)]
    for piece in pieces:
        fineness, _test = selectors.used_fineness(piece)
        LedgerEntry.objects.create(store=quote.store, kind=LedgerKind.RECEIVED, metal=Material.metal_of(piece.material) or metal_of,
                                   fineness=int(fineness), grams=selectors.used_weight(piece), quote=quote, piece=piece, at=now, by=actor)
    # The file is written last, and removed again if its row cannot be saved: no orphan on a rollback here.
    quote.signature.save(signature.name, signature, save=False)
    try:
        quote.save(update_fields=["signature"])
    except Exception:
        quote.signature.storage.delete(quote.signature.name)
        raise
    return quote


@transaction.atomic
def quote_complete(*, actor, quote_id: int, payment_method: str, now: datetime, expected_version=None) -> Quote:
    """New pieces handed over (trade-in), payment or refund recorded."""
    quote = lock(quote_id)
    roles.require(actor, quote.store, "tradein.complete")
    if quote.status == S.COMPLETED:
        raise AlreadyDone(number=quote.number, current=quote.get_status_display())
    if quote.status == S.EXPIRED:
        raise ValidationError(_("Quote %(number)s expired: its price no longer holds, so it cannot be completed. Price it again.")
                              % {"number": quote.number})
    if not can_move(quote, S.COMPLETED):
        raise IllegalTransition(number=quote.number, current=quote.get_status_display(), target=S.COMPLETED.label)
    check_and_bump(quote, expected_version)
    _choice(payment_method, PaymentMethod, "payment_method")
    return move(quote, to=S.COMPLETED, actor=actor, now=now, fields={"completed_at": now, "completed_by": actor, "payment_method": payment_method})


@transaction.atomic
def quote_decline(*, actor, quote_id: int, reason: str = "", now: datetime, expected_version=None) -> Quote:
    quote = lock(quote_id)
    roles.require(actor, quote.store, "tradein.decline")
    if quote.status == S.DECLINED:
        raise AlreadyDone(number=quote.number, current=quote.get_status_display())
    if not can_move(quote, S.DECLINED):
        raise IllegalTransition(number=quote.number, current=quote.get_status_display(), target=S.DECLINED.label)
    check_and_bump(quote, expected_version)
    return move(quote, to=S.DECLINED, actor=actor, now=now, fields={"declined_at": now, "decline_reason": (reason or "")[:200]})


# --- the price-lock sweep -------------------------------------------------------------------------

def expiry_due(now: datetime):
    return Quote.objects.filter(status=S.QUOTED, price_locked_until__lte=now).select_related("store")


def expire(rows: list[Quote], *, now: datetime) -> int:
    """Sweep handler: quoted quotes whose price lock ended become expired (one event each)."""
    for quote in rows:
        old = {"status": quote.status}
        quote.status = S.EXPIRED
        quote.expired_at = now
        quote.version += 1
        quote.save(update_fields=["status", "expired_at", "version"])
        audit.record(actor=None, kind="tradein.expired", subject=quote, old=old, new={"status": S.EXPIRED})
    return len(rows)
