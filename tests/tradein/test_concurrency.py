"""Two counters on one quote at the same moment, with real threads and row locks (PostgreSQL).

On SQLite the same races are covered sequentially with stale versions and repeated moves in test_flow.py.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from tests.races import race
from tradein import services
from tradein.models import LedgerEntry, Quote, QuoteStatus

from .helpers import SIGNATURE, make_rule, priced_quote, set_price

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL=postgres://...)"),
]


@pytest.fixture
def quote(store):
    make_rule(fee_per_gram=Decimal("30"), uplift_percent=Decimal("25"))
    set_price(None)
    return priced_quote(store)


def test_two_accepts_at_once_accept_once_and_receive_the_grams_once(quote):
    results = race(lambda _i: services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE,
                                                    now=timezone.now()))
    assert sorted(r[0] for r in results) == ["error", "ok"]
    assert isinstance(next(r[1] for r in results if r[0] == "error"), services.AlreadyDone)
    assert LedgerEntry.objects.count() == 1 and Quote.objects.get().status == QuoteStatus.ACCEPTED


def test_accept_and_decline_at_once_only_one_wins(quote):
    def act(i):
        if i == 0:
            return services.quote_accept(actor=quote._actor, quote_id=quote.pk, signature_data_url=SIGNATURE, now=timezone.now())
        return services.quote_decline(actor=quote._actor, quote_id=quote.pk, now=timezone.now())

    results = race(act)
    assert sorted(r[0] for r in results) == ["error", "ok"]
    status = Quote.objects.get().status
    assert status in (QuoteStatus.ACCEPTED, QuoteStatus.DECLINED)
    assert LedgerEntry.objects.count() == (1 if status == QuoteStatus.ACCEPTED else 0)
