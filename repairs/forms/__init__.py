"""Shapes of input for the repair pages, one module per concern; the services decide what is allowed.

The names are re-exported here so pages can keep writing ``forms.QuoteForm``.
"""

from .catalogue import ServiceTypeForm
from .common import MONEY, WEIGHT, VersionMixin
from .intake import JOB_SLOTS, IntakeItemForm, IntakeItemFormSet, IntakeOrderForm, purchase_choices, purchase_label
from .ladder import ExtendDeadlineForm
from .order import (
    ApproveForm,
    CustodyForm,
    NoteForm,
    PromisedDateForm,
    QuoteForm,
    ReasonForm,
    StartForm,
    UnclaimedDecisionForm,
    WeightApprovalForm,
    WeightsForm,
)
from .pickup import FindForm, PickupForm
from .printing import PrintSettingsForm

__all__ = [
    "JOB_SLOTS", "MONEY", "WEIGHT", "ApproveForm", "CustodyForm", "ExtendDeadlineForm", "FindForm", "IntakeItemForm",
    "IntakeItemFormSet", "IntakeOrderForm", "NoteForm", "PickupForm", "PrintSettingsForm", "PromisedDateForm", "QuoteForm",
    "ReasonForm", "ServiceTypeForm", "StartForm", "UnclaimedDecisionForm", "VersionMixin", "WeightApprovalForm", "WeightsForm",
    "purchase_choices", "purchase_label",
]
