"""The public rating page: signed token, nothing personal, one rating per case, revocable; 1–2 reopens."""

import pytest
from django.test import Client
from django.utils import timezone

from aftersales.models import Role
from tests.tickets.factories import acknowledge, make_case, staff
from tickets import services
from tickets.models import AlertKind, Rating, StaffAlert, Status
from tickets.services.ratings import rating_link_for


@pytest.fixture
def resolved(store):
    case = make_case(store)
    acknowledge(case)
    services.resolution_record(case_id=case.pk, actor=staff(store), now=timezone.now(), kind="explanation", explanation="已解释")
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_a_rating_of_2_reopens_the_case_for_the_manager(store, resolved):
    manager = staff(store, Role.MANAGER)
    token = rating_link_for(resolved).token
    page = Client().get(f"/cases/rate/{token}/")
    body = page.content.decode()
    assert page.status_code == 200 and resolved.number in body
    assert resolved.customer.name not in body and resolved.customer.phone not in body and resolved.description not in body
    response = Client().post(f"/cases/rate/{token}/", {"score": "2", "comment": "态度一般"})
    assert response.status_code == 302
    resolved.refresh_from_db()
    assert (resolved.status, resolved.reopen_count) == (Status.REOPENED, 1)
    assert Rating.objects.get(case=resolved).score == 2
    assert StaffAlert.objects.filter(kind=AlertKind.REOPENED, user=manager, case=resolved).exists()


@pytest.mark.django_db
def test_a_good_rating_leaves_the_case_resolved(resolved):
    services.rating_submit(token=rating_link_for(resolved).token, score=5, comment="", now=timezone.now())
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED and resolved.reopen_count == 0


@pytest.mark.django_db
def test_rating_twice_is_refused_and_the_first_kept(resolved):
    token = rating_link_for(resolved).token
    services.rating_submit(token=token, score=4, comment="", now=timezone.now())
    with pytest.raises(services.RatingRefused):
        services.rating_submit(token=token, score=1, comment="", now=timezone.now())
    assert Rating.objects.get(case=resolved).score == 4
    Client().post(f"/cases/rate/{token}/", {"score": "1"})
    assert Rating.objects.get(case=resolved).score == 4 and Rating.objects.count() == 1


@pytest.mark.django_db
def test_a_revoked_link_is_a_404_and_cannot_rate(store, resolved):
    token = rating_link_for(resolved).token
    assert services.rating_link_revoke(case_id=resolved.pk, actor=staff(store, Role.MANAGER), now=timezone.now()) == 1
    assert Client().get(f"/cases/rate/{token}/").status_code == 404
    with pytest.raises(services.RatingRefused):
        services.rating_submit(token=token, score=5, comment="", now=timezone.now())
    assert not Rating.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("score", ["0", "6", "x", ""])
def test_a_bad_score_says_what_to_fix(resolved, score):
    token = rating_link_for(resolved).token
    response = Client().post(f"/cases/rate/{token}/", {"score": score})
    assert response.status_code == 200 and not Rating.objects.exists()


@pytest.mark.django_db
def test_a_guessed_token_is_a_404(resolved):
    assert Client().get("/cases/rate/" + "a" * 32 + "/").status_code == 404
