from __future__ import annotations

from django.db import models

from aftersales import roles

from .models import PrintSettings, StatusToken, StoredDocument


def latest_document(*, kind: str, subject: models.Model, copies: str | None = None) -> StoredDocument | None:
    """The latest version of a document; of one set of copies ("customer", "customer,store"...) when given."""
    qs = StoredDocument.objects.for_subject(subject).filter(kind=kind)
    if copies is not None:
        qs = qs.filter(copies=copies)
    return qs.order_by("-version", "-pk").first()


def documents_for(*, subject: models.Model):
    """Every stored version of every document of a subject, for its history panel."""
    return StoredDocument.objects.for_subject(subject).select_related("created_by").order_by("kind", "copies", "-version")


def stored_documents_for_user(user):
    return roles.scoped(StoredDocument.objects.select_related("created_by"), user)


def live_status_token(token: str) -> StatusToken | None:
    return StatusToken.objects.filter(token=token, revoked_at__isnull=True).first()


def print_settings_for(store) -> PrintSettings:
    """The store's print settings; the defaults (A5, 60 × 40 mm tags) when none were saved."""
    if type(store).print_settings.is_cached(store):  # fetched with the store (select_related("store__print_settings"))
        try:
            return store.print_settings
        except PrintSettings.DoesNotExist:
            return PrintSettings(store=store)
    found = PrintSettings.objects.filter(store=store).first()
    return found or PrintSettings(store=store)
