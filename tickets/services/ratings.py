"""The customer's rating of how a case was handled: a public page behind a signed token sent by SMS.

Like the repair status page: nothing personal on it, one rating per case (a unique constraint),
and the link can be revoked. A rating of 1–2 reopens the case for the manager.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from aftersales import audit, roles

from ..models import Case, Rating, RatingLink, Status
from .errors import CaseError, RatingRefused
from .workflow import lock

_SALT = "tickets.rating"
LOW = 2  # 1–2 reopens the case


def _sign(random_part: str) -> str:
    return salted_hmac(_SALT, random_part).hexdigest()[:12]


def new_token() -> str:
    random_part = secrets.token_urlsafe(15)  # 120 bits, 20 characters
    return random_part + _sign(random_part)


def well_signed(token: str) -> bool:
    """A cheap check before any query: a typed or guessed token fails it."""
    return bool(token) and len(token) == 32 and constant_time_compare(_sign(token[:20]), token[20:])


def rating_link_for(case: Case) -> RatingLink:
    live = RatingLink.objects.filter(case=case, revoked_at__isnull=True).first()
    if live is not None:
        return live
    try:
        with transaction.atomic():
            return RatingLink.objects.create(case=case, token=new_token())
    except IntegrityError:
        return RatingLink.objects.get(case=case, revoked_at__isnull=True)


def rating_url(case: Case) -> str:
    path = reverse("tickets:rate", kwargs={"token": rating_link_for(case).token})
    return (getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/") + path


def live_link(token: str) -> RatingLink | None:
    if not well_signed(token):
        return None
    return RatingLink.objects.select_related("case", "case__store").filter(token=token, revoked_at__isnull=True).first()


@transaction.atomic
def rating_submit(*, token: str, score, comment: str, now: datetime) -> Rating:
    link = live_link(token)
    if link is None:
        raise RatingRefused(_("This link is no longer valid."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise CaseError({"score": _("Choose from 1 to 5 stars.")}) from None
    if not 1 <= score <= 5:
        raise CaseError({"score": _("Choose from 1 to 5 stars.")})
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise CaseError({"comment": _("The comment is too long (at most 2000 characters).")})
    case = lock(link.case_id)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(case=case, score=score, comment=comment, at=now)
    except IntegrityError:
        raise RatingRefused(_("This case has already been rated. Thank you!")) from None
    audit.record(actor=None, kind="case.rated", subject=case, new={"score": score}, note=comment)
    if score <= LOW and case.status in (Status.RESOLVED, Status.CLOSED):
        from .closing import case_reopen

        case_reopen(case_id=case.pk, actor=None, now=now,
                    reason=_("The customer rated the handling %(score)s of 5.") % {"score": score} + (f" {comment}" if comment else ""))
    return rating


@transaction.atomic
def rating_link_revoke(*, case_id: int, actor, now: datetime) -> int:
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.revoke_rating_link")
    links = list(RatingLink.objects.select_for_update().filter(case=case, revoked_at__isnull=True))
    for link in links:
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])
    if links:
        audit.record(actor=actor, kind="case.rating_link_revoked", subject=case, new={"revoked": len(links)})
    return len(links)
