from __future__ import annotations

from django.db import models

from aftersales import roles

from .models import StatusToken, StoredDocument


def latest_document(*, kind: str, subject: models.Model) -> StoredDocument | None:
    return StoredDocument.objects.for_subject(subject).filter(kind=kind).order_by("-version").first()


def documents_for(*, subject: models.Model):
    """Every stored version of every document of a subject, for its history panel."""
    return StoredDocument.objects.for_subject(subject).select_related("created_by").order_by("kind", "-version")


def stored_documents_for_user(user):
    return roles.scoped(StoredDocument.objects.select_related("created_by"), user)


def live_status_token(token: str) -> StatusToken | None:
    return StatusToken.objects.filter(token=token, revoked_at__isnull=True).first()
