"""Named errors: each tells the counter what is wrong in a sentence, and nothing was changed."""

from django.utils.translation import gettext_lazy as _


class RepairError(Exception):
    message = _("This cannot be done.")

    def __init__(self, message=None, **params):
        self.params = params
        if message is not None:
            self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class IllegalTransition(RepairError):
    message = _("Order %(number)s is %(current)s: it cannot become %(target)s.")


class ApprovalRequired(RepairError):
    message = _("Chargeable work does not start before the customer approves the quote.")


class AlreadyCollected(RepairError):
    message = _("Order %(number)s has already been collected.")


class WeightNeedsApproval(RepairError):
    message = _("The weight difference of item %(position)s is above the tolerance: a manager must approve it with a note.")


class PickupCheckFailed(RepairError):
    message = _("The pickup check failed: %(reason)s")


class PriceMissing(RepairError):
    message = _("There is no metal price for %(material)s today: a manager sets it on the metal price page.")
