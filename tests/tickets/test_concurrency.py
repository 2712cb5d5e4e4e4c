"""Two people on one case at the same moment, with real threads and row locks (PostgreSQL).

SQLite serialises whole transactions; there the same guards are covered sequentially (stale
versions in test_closing.py, a second rating in test_ratings.py, a double click in test_pages.py).
"""

import pytest
from django.db import connection
from django.utils import timezone

from aftersales.models import Role
from tests.repairs.test_concurrency import race
from tests.tickets.factories import acknowledge, make_case, staff
from tickets import services
from tickets.models import Rating, Resolution, Status
from tickets.services.ratings import rating_link_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL=postgres://...)"),
]


def test_two_staff_acknowledging_at_once_acknowledge_once(store):
    case = make_case(store)
    counters = [staff(store), staff(store, Role.MANAGER)]

    def ack(i):
        return services.contact_add(case_id=case.pk, actor=counters[i], now=timezone.now(), method="call", told="已受理",
                                    acknowledgement=True, expected_by=timezone.localdate())

    results = race(ack)
    assert sorted(r[0] for r in results) == ["error", "ok"]
    assert isinstance(next(r[1] for r in results if r[0] == "error"), services.CaseError)
    assert case.contacts.filter(is_acknowledgement=True).count() == 1


def test_two_resolutions_at_once_resolve_once(store):
    case = acknowledge(make_case(store))
    actor = staff(store, Role.MANAGER)

    def resolve(i):
        return services.resolution_record(case_id=case.pk, actor=actor, now=timezone.now(), kind="compensation", amount="50")

    results = race(resolve)
    assert sorted(r[0] for r in results) == ["error", "ok"]
    assert Resolution.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_two_ratings_at_once_keep_one(store):
    case = acknowledge(make_case(store))
    services.resolution_record(case_id=case.pk, actor=staff(store), now=timezone.now(), kind="explanation", explanation="已解释")
    token = rating_link_for(case).token

    def rate(i):
        return services.rating_submit(token=token, score=[1, 5][i], comment="", now=timezone.now())

    results = race(rate)
    assert sorted(r[0] for r in results) == ["error", "ok"]
    assert Rating.objects.filter(case=case).count() == 1
