"""Two staff editing one record: the second save is refused, never silently lost."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    message = _("Someone else changed this record while you were editing it. Reload the page, check their change and try again.")


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def check_version(obj: Versioned, expected_version: int | str | None) -> None:
    """The version a form loaded against the locked row; None or "" means the caller sent none."""
    if expected_version in (None, ""):
        return
    if str(expected_version).strip() != str(obj.version):  # a malformed version is simply not this one
        raise StaleEdit()


def check_and_bump(obj: Versioned, expected_version: int | str | None) -> None:
    """Call on a row locked with select_for_update, before saving."""
    check_version(obj, expected_version)
    obj.version += 1
