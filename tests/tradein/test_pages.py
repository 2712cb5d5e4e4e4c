"""Trade-in pages: thin views over the services; bad input keeps the form and changes nothing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from aftersales.documents.models import StoredDocument
from aftersales.once import new_token
from tests.files import files_written
from tradein.models import OldPiece, Quote, QuoteStatus, Rule, RuleStatus, TradeinSettings

from .helpers import SIGNATURE, accepted_quote, make_customer, make_quote, make_rule, priced_quote, set_price

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(store):
    make_rule(fee_per_gram=Decimal("30"), labour_mode="a", labour_per_gram=Decimal("20"), uplift_percent=Decimal("25"))
    set_price(None, "1000")
    return store


def _act(client, quote, action, data=None):
    return client.post(reverse("tradein:act", kwargs={"number": quote.number, "action": action}), data or {})


def test_new_quote_double_submit_creates_one(store, counter_client):
    customer = make_customer(store)
    data = {"customer": customer.pk, "kind": "tradein", "category": "pure_gold", "origin": "ours", "price_material": "au999",
            "submit_token": new_token()}
    first = counter_client.post(reverse("tradein:new"), data)
    second = counter_client.post(reverse("tradein:new"), data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Quote.objects.count() == 1


def test_new_quote_without_customer_keeps_the_form(store, counter_client):
    response = counter_client.post(reverse("tradein:new"), {"kind": "tradein", "category": "pure_gold", "origin": "ours",
                                                            "price_material": "au999", "phone": "5678"})
    assert response.status_code == 200 and not Quote.objects.exists()
    assert 'id="customer-error"' in response.content.decode() and 'value="5678"' in response.content.decode()


def test_technician_may_not_start_a_quote(store, technician):
    from tests.conftest import login

    assert login(technician).get(reverse("tradein:new")).status_code == 403
    assert login(technician).get(reverse("tradein:index")).status_code == 200


@pytest.mark.parametrize("weight", ["0", "-3", "2000.5", "abc", ""])
def test_bad_weight_keeps_the_form_and_changes_nothing(ready, counter_client, weight):
    quote = make_quote(ready, old=None, new=None)
    response = _act(counter_client, quote, "old", {"description": "旧戒指", "category": "ring", "material": "au999", "gross_weight": weight,
                                                   "version": quote.version})
    assert response.status_code == 400
    page = response.content.decode()
    assert "invalid-feedback" in page and 'value="旧戒指"' in page  # the error beside the field, the input kept
    assert not OldPiece.objects.exists()
    assert Quote.objects.get(pk=quote.pk).version == quote.version


def test_refused_quote_shows_which_rule_and_by_how_much(ready, counter_client):
    quote = make_quote(ready, new="24.99")
    _act(counter_client, quote, "price", {"version": quote.version})
    page = counter_client.get(reverse("tradein:detail", kwargs={"number": quote.number})).content.decode()
    assert "新件重量 24.99 克 低于所需 25.00 克" in page and "G1" in page
    assert 'id="accept-form"' not in page


def test_no_price_today_links_managers_to_the_price_page(store, counter_client, manager_client):
    make_rule()
    quote = make_quote(store)
    response = _act(manager_client, quote, "price", {"version": quote.version})
    assert response.status_code == 302 and Quote.objects.get(pk=quote.pk).status == QuoteStatus.DRAFT
    page = manager_client.get(reverse("tradein:detail", kwargs={"number": quote.number})).content.decode()
    assert 'id="set-price-link"' in page and reverse("tradein:metal_prices") in page
    assert 'id="set-price-link"' not in counter_client.get(reverse("tradein:detail", kwargs={"number": quote.number})).content.decode()


def test_accept_without_signature_is_refused(ready, counter_client):
    quote = priced_quote(ready)
    response = _act(counter_client, quote, "accept", {"version": quote.version, "signature": ""})
    assert response.status_code == 400 and "form-errors" in response.content.decode()
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.QUOTED


def test_stale_form_is_refused(ready, counter_client):
    quote = priced_quote(ready)
    response = _act(counter_client, quote, "accept", {"version": quote.version - 1, "signature": SIGNATURE})
    assert response.status_code == 400 and Quote.objects.get(pk=quote.pk).status == QuoteStatus.QUOTED
    assert "form-errors" in response.content.decode()


def test_sheet_is_stored_once_and_served_again(ready, counter_client):
    quote = accepted_quote(ready)
    url = reverse("tradein:print", kwargs={"number": quote.number})
    with files_written():  # the sheet's PDF is written when its row commits
        first = counter_client.get(url)
    again = counter_client.get(url)
    assert first["Content-Type"] == "application/pdf" and first.content == again.content
    assert StoredDocument.objects.filter(subject_type="tradein.quote", subject_id=quote.pk).count() == 1
    page = counter_client.get(reverse("tradein:detail", kwargs={"number": quote.number})).content.decode()
    assert 'id="stored-documents"' in page and "以旧换新报价单" in page


def test_rules_pages_for_managers_only(store, counter_client, manager_client):
    data = {"code": "HX-G", "name": "本店足金", "category": "pure_gold", "origin": "ours", "valid_from": "2026-01-01", "loss_rate": "1",
            "fee_mode": "per_gram", "fee_per_gram": "15", "fee_percent": "0", "labour_mode": "none", "labour_per_gram": "0",
            "labour_per_piece": "0", "uplift_percent": "0", "uplift_boundary": "inclusive", "min_fineness": "990",
            "depreciation_percent": "0", "piece_fee": "0"}
    assert counter_client.post(reverse("tradein:rule_new"), data).status_code == 403
    assert manager_client.post(reverse("tradein:rule_new"), {**data, "loss_rate": "100"}).status_code == 200
    assert not Rule.objects.exists()
    response = manager_client.post(reverse("tradein:rule_new"), data)
    rule = Rule.objects.get()
    assert response.status_code == 302 and rule.store == store and rule.status == RuleStatus.DRAFT
    manager_client.post(reverse("tradein:rule_move", kwargs={"pk": rule.pk, "action": "publish"}), {"version": rule.version})
    assert Rule.objects.get().status == RuleStatus.PUBLISHED


def test_settings_page(store, counter_client, manager_client):
    url = reverse("tradein:settings")
    assert counter_client.get(url).status_code == 403
    bad = manager_client.post(url, {"lock_mode": "minutes", "lock_minutes": "0", "id_above_amount": "10000", "id_above_grams": "50"})
    assert bad.status_code == 200 and not TradeinSettings.objects.exists()
    ok = manager_client.post(url, {"lock_mode": "minutes", "lock_minutes": "45", "id_above_amount": "10000", "id_above_grams": "50"})
    assert ok.status_code == 302 and TradeinSettings.objects.get().lock_minutes == 45


def test_ledger_page(ready, counter_client, manager_client):
    accepted_quote(ready)
    url = reverse("tradein:ledger")
    assert counter_client.get(url).status_code == 403
    assert "20.000" in manager_client.get(url).content.decode()
    bad = manager_client.post(url, {"metal": "gold", "fineness": "999", "grams": "25", "refinery": "R"})
    assert bad.status_code == 200 and "20.000" in bad.content.decode()


def test_pages_carry_no_inline_script(ready, counter_client):
    quote = priced_quote(ready)
    for url in (reverse("tradein:new"), reverse("tradein:detail", kwargs={"number": quote.number})):
        page = counter_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url


def test_a_published_rule_is_changed_through_a_copy(store, manager_client, counter_client):
    rule = make_rule(store=store, code="HX-C")
    url = reverse("tradein:rule_move", kwargs={"pk": rule.pk, "action": "copy"})
    assert counter_client.post(url).status_code == 403
    response = manager_client.post(url)
    copy = Rule.objects.exclude(pk=rule.pk).get()
    assert response.status_code == 302 and response.url == reverse("tradein:rule", kwargs={"pk": copy.pk})
    assert copy.status == RuleStatus.DRAFT and copy.code == "HX-C" and copy.fee_per_gram == rule.fee_per_gram


def test_a_store_manager_copies_a_chain_rule_into_a_store_override(store, manager_client):
    rule = make_rule(code="CHAIN")
    manager_client.post(reverse("tradein:rule_move", kwargs={"pk": rule.pk, "action": "copy"}))
    copy = Rule.objects.exclude(pk=rule.pk).get()
    assert copy.store == store and copy.status == RuleStatus.DRAFT


def test_the_ledger_link_is_shown_to_managers_only(store, counter_client, manager_client):
    assert 'id="ledger-link"' in manager_client.get(reverse("tradein:index")).content.decode()
    assert 'id="ledger-link"' not in counter_client.get(reverse("tradein:index")).content.decode()
