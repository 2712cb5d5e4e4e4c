"""The quote's life through the services: moves, events, ledger, sweep, bad input changing nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aftersales import clock
from aftersales.concurrency import StaleEdit
from aftersales.models import Event, Role
from aftersales.notifications import sweeps
from tests.conftest import make_user
from tradein import selectors, services
from tradein.models import LedgerEntry, Quote, QuoteStatus, TradeinSettings

from .helpers import SIGNATURE, accepted_quote, make_quote, make_rule, priced_quote, set_buyback_price, set_price

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):  # the messages matched below are the English ones
        yield

MODE_A = {"fee_per_gram": Decimal("30"), "labour_mode": "a", "labour_per_gram": Decimal("20"), "uplift_percent": Decimal("25")}


@pytest.fixture
def ready(store):
    make_rule(**MODE_A)
    set_price(None, "1000")
    return store


def _state(quote):
    quote.refresh_from_db()
    return (quote.status, quote.version, quote.amount, LedgerEntry.objects.count(), Event.objects.count())


def test_priced_accepted_completed_with_events_and_ledger(ready):
    quote = priced_quote(ready)
    assert quote.status == QuoteStatus.QUOTED and quote.amount == Decimal("6100.00")
    assert quote.rule_snapshot["code"] == "G1" and quote.price_per_gram == Decimal("1000.00")
    assert quote.price_locked_until > timezone.now()
    services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now())
    entry = LedgerEntry.objects.get()
    assert (entry.metal, entry.fineness, entry.grams) == ("gold", 999, Decimal("20.000"))
    services.quote_complete(actor=quote._actor, quote_id=quote.pk, payment_method="wechat", now=timezone.now())
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.COMPLETED and quote.payment_method == "wechat"
    kinds = list(Event.objects.filter(subject_id=quote.pk, subject_type="tradein.quote").values_list("kind", flat=True))
    assert {"tradein.created", "tradein.quoted", "tradein.accepted", "tradein.completed"} <= set(kinds)


def test_refused_at_24_99_stays_draft_then_priced_at_25(ready):
    quote = make_quote(ready, new="24.99")
    services.quote_price(actor=quote._actor, quote_id=quote.pk, now=timezone.now())
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.DRAFT and "24.99 g is below 25.00 g" in quote.refusals[0]["en"]
    with pytest.raises(ValidationError):
        services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now())
    piece = quote.new_pieces.get()
    services.new_piece_save(actor=quote._actor, quote_id=quote.pk, piece_id=piece.pk, data={"weight": "25.00", "category": "pure_gold"},
                            now=timezone.now())
    services.quote_price(actor=quote._actor, quote_id=quote.pk, now=timezone.now())
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.QUOTED and not quote.refusals and quote.amount == Decimal("6100.00")


def test_no_price_today_no_quote(store):
    make_rule(**MODE_A)
    quote = make_quote(store)
    with pytest.raises(services.NoPriceToday):
        services.quote_price(actor=quote._actor, quote_id=quote.pk, now=timezone.now())
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.DRAFT


def test_store_rule_overrides_chain_rule(ready):
    make_rule(store=ready, code="HX1", fee_per_gram=Decimal("0"))
    quote = priced_quote(ready)
    assert quote.rule_snapshot["code"] == "HX1" and quote.amount == Decimal("5000.00")


def test_the_snapshot_keeps_the_rule_as_used(ready):
    quote = priced_quote(ready)
    rule = quote.rule
    type(rule).objects.filter(pk=rule.pk).update(fee_per_gram=Decimal("99"))
    quote.refresh_from_db()
    assert quote.rule_snapshot["fee_per_gram"] == "30.00"


def test_price_lock_sweep_expires_quotes_and_an_expired_quote_cannot_complete(ready):
    quote = priced_quote(ready)
    later = quote.price_locked_until + timedelta(seconds=1)
    run = sweeps.run("tradein.price_lock_expiry", now=later)
    assert run.processed == 1
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.EXPIRED
    assert sweeps.run("tradein.price_lock_expiry", now=later).processed == 0
    before = _state(quote)
    with pytest.raises(ValidationError, match="expired"):
        services.quote_complete(actor=quote._actor, quote_id=quote.pk, payment_method="cash", now=later)
    with pytest.raises(ValidationError):
        services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=later)
    assert _state(quote) == before
    set_price(ready, on=clock.today(ready, later))  # half an hour later may be the next day (23:30): its price
    services.quote_price(actor=quote._actor, quote_id=quote.pk, now=later)  # re-priced with today's price
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.QUOTED


def test_lock_to_end_of_day(ready):
    TradeinSettings.objects.create(store=ready, lock_mode="end_of_day")
    quote = priced_quote(ready)
    local = timezone.localtime(quote.price_locked_until)
    assert (local.hour, local.minute) == (0, 0) and local.date() == timezone.localdate() + timedelta(days=1)


def test_accepting_twice_is_a_clear_error_and_changes_nothing(ready):
    quote = accepted_quote(ready)
    before = _state(quote)
    with pytest.raises(services.AlreadyDone, match="already"):
        services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now())
    assert _state(quote) == before


def test_stale_version_is_refused(ready):
    quote = priced_quote(ready)
    with pytest.raises(StaleEdit):
        services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now(),
                              expected_version=quote.version - 1)


@pytest.mark.parametrize("field,value", [
    ("gross_weight", "0"), ("gross_weight", "-1"), ("gross_weight", "2000.001"), ("gross_weight", "abc"), ("gross_weight", "NaN"),
    ("hallmark_fineness", "1000.1"), ("hallmark_fineness", "-1"),
])
def test_bad_old_piece_input_is_refused_and_nothing_changes(ready, field, value):
    quote = make_quote(ready, old=None, new=None)
    before = _state(quote)
    data = {"description": "x", "material": "au999", "gross_weight": "10", field: value}
    with pytest.raises(ValidationError) as info:
        services.old_piece_add(actor=quote._actor, quote_id=quote.pk, data=data, now=timezone.now())
    assert field in info.value.message_dict
    assert _state(quote) == before and not quote.old_pieces.exists()


def test_a_loss_rate_of_100_percent_is_refused(store):
    chain = make_user("chainx", Role.CHAIN_MANAGER, store)
    with pytest.raises(ValidationError) as info:
        services.rule_create(actor=chain, data={"code": "X", "name": "x", "category": "pure_gold", "origin": "ours",
                                                "valid_from": timezone.localdate(), "loss_rate": Decimal("100")})
    assert "loss_rate" in info.value.message_dict


def test_a_price_lock_in_the_past_is_refused(ready):
    quote = make_quote(ready)
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.quote_price(actor=quote._actor, quote_id=quote.pk, now=now, locked_until=now - timedelta(minutes=1))
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.DRAFT


def test_purity_test_reading_becomes_the_fineness_and_low_fineness_is_refused(store):
    make_rule(min_fineness=990)
    set_price(None)
    quote = make_quote(store)
    tech = make_user("tech", Role.TECHNICIAN, store)
    services.purity_test_add(actor=tech, piece_id=quote.old_pieces.get().pk, method="xrf", reading="985", now=timezone.now())
    services.quote_price(actor=quote._actor, quote_id=quote.pk, now=timezone.now())
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.DRAFT and "985" in quote.refusals[0]["en"]


def test_other_brand_must_be_melted_first(store):
    make_rule(origin="other", must_melt=True)
    set_price(None)
    quote = make_quote(store, origin="other")
    with pytest.raises(ValidationError, match="melted"):
        services.quote_price(actor=quote._actor, quote_id=quote.pk, now=timezone.now())
    services.purity_test_add(actor=quote._actor, piece_id=quote.old_pieces.get().pk, method="fire_assay", reading="995",
                             weight_before_melt="20", weight_after_melt="19.8", now=timezone.now())
    services.quote_price(actor=quote._actor, quote_id=quote.pk, now=timezone.now())
    quote.refresh_from_db()
    assert quote.lines[0]["value"] == "19.800"


def test_buyback_records_the_seller_id_above_the_threshold(store):
    make_rule(fee_per_gram=Decimal("10"))
    set_buyback_price(None, "500")
    TradeinSettings.objects.create(store=None, id_above_amount=Decimal("1000"))
    quote = priced_quote(store, kind="buyback", new=None)
    assert quote.amount == Decimal("-9790.00")  # 20 g × 999 ‰ × 500 − 20 g × 10
    with pytest.raises(ValidationError, match="ID"):
        services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now())
    services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now(),
                          seller_id_type="resident", seller_id_last4="123x")
    quote.refresh_from_db()
    assert quote.seller_id_last4 == "123X" and quote.status == QuoteStatus.ACCEPTED


def test_ledger_balances_with_refinery_lots(ready, manager):
    accepted_quote(ready)
    accepted_quote(ready, old="10", new="12.5")
    with pytest.raises(ValidationError):
        services.refinery_lot_send(actor=manager, store=ready, metal="gold", fineness=999, grams="31", refinery="R", now=timezone.now())
    lot = services.refinery_lot_send(actor=manager, store=ready, metal="gold", fineness=999, grams="25", refinery="R", now=timezone.now())
    [row] = selectors.ledger_balance(store=ready)
    assert (row["received"], row["sent"], row["on_hand"], row["balanced"]) == (Decimal("30"), Decimal("25"), Decimal("5"), True)
    services.refinery_lot_assay(actor=manager, lot_id=lot.pk, assay_fineness="998.5", now=timezone.now())
    lot.refresh_from_db()
    assert lot.fine_grams == Decimal("24.963")
    [month] = selectors.ledger_report(user=manager)
    assert (month["grams_in"], month["grams_out"]) == (Decimal("30"), Decimal("25"))


def test_counter_may_not_send_lots_or_edit_rules(ready, counter):
    from aftersales.roles import NotAllowed

    with pytest.raises(NotAllowed):
        services.refinery_lot_send(actor=counter, store=ready, metal="gold", fineness=999, grams="1", refinery="R", now=timezone.now())
    with pytest.raises(NotAllowed):
        services.rule_create(actor=counter, data={"store": ready, "code": "X", "name": "x", "category": "pure_gold", "origin": "ours",
                                                  "valid_from": timezone.localdate()})


def test_technician_may_test_but_not_quote(ready, technician):
    from aftersales.roles import NotAllowed

    quote = make_quote(ready)
    services.purity_test_add(actor=technician, piece_id=quote.old_pieces.get().pk, method="touchstone", reading="990", now=timezone.now())
    with pytest.raises(NotAllowed):
        services.quote_price(actor=technician, quote_id=quote.pk, now=timezone.now())


def test_search_and_timeline_find_the_quote(ready, counter):
    from aftersales.search import search
    from customers import timeline

    quote = make_quote(ready)
    hits = search(user=counter, query=quote.number)
    assert hits[0].exact and quote.number in hits[0].label
    assert any(e.title == quote.number for e in timeline.entries(quote.customer, user=counter))


def test_another_store_does_not_see_the_quote(ready, other_counter):
    from aftersales.search import search

    quote = make_quote(ready)
    assert not search(user=other_counter, query=quote.number)
    assert not selectors.quotes_for(user=other_counter).filter(pk=quote.pk).exists()
