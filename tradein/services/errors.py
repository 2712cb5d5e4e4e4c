"""Errors the trade-in services raise; views show their message, nothing is changed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class IllegalTransition(ValidationError):
    def __init__(self, *, number: str, current: str, target: str):
        super().__init__(_("Quote %(number)s is %(current)s: it cannot become %(target)s.")
                         % {"number": number, "current": current, "target": target})


class AlreadyDone(IllegalTransition):
    def __init__(self, *, number: str, current: str):
        ValidationError.__init__(self, _("Quote %(number)s is already %(current)s.") % {"number": number, "current": current})


class NoPriceToday(ValidationError):
    """No price for today: no quote (the page links managers to the price list)."""

    def __init__(self, label: str):
        super().__init__(_("There is no price for %(what)s today, so no quote can be made. A store manager sets it on the metal prices page.")
                         % {"what": label})


class NoRule(ValidationError):
    pass


class AlreadySubmitted(Exception):
    """The same form was sent twice: the first result is at `url`."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url
