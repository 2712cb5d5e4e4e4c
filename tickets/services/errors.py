from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CaseError(ValidationError):
    """A refusal the person at the desk can read and fix (shown on the form, nothing saved)."""


class IllegalTransition(CaseError):
    def __init__(self, *, number: str, current: str, target: str):
        super().__init__(_("Case %(number)s is %(current)s: it cannot become %(target)s.") % {
            "number": number, "current": current, "target": target})


class DuplicateSubmit(Exception):
    """Another request already used this form token."""


class RatingRefused(Exception):
    """The link is revoked, unknown, or the case is already rated: the public page says so."""
