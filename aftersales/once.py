"""A form token that makes a double-submitted form create one record, not two."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from .models import SubmittedForm

FIELD = "submit_token"


def new_token() -> str:
    return str(uuid.uuid4())


def parse(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def already_done(*, token, user) -> str | None:
    """The result URL of an earlier submission of the same form, if there was one."""
    token = parse(token)
    if token is None:
        return None
    row = SubmittedForm.objects.filter(token=token, user=user).first()
    return row.result_url if row else None


def claim(*, token, user, result_url: str = "") -> bool:
    """Mark the token used, inside the caller's transaction. False if another request has it."""
    token = parse(token)
    if token is None:
        return True
    try:
        with transaction.atomic():
            SubmittedForm.objects.create(token=token, user=user, result_url=result_url)
    except IntegrityError:
        return False
    return True


def set_result(*, token, user, result_url: str) -> None:
    token = parse(token)
    if token is not None:
        SubmittedForm.objects.filter(token=token, user=user).update(result_url=result_url)
