"""Every write of the repairs app goes through these services."""

from .calendar import closed_day_add, closed_day_remove  # noqa: F401
from .errors import (  # noqa: F401
    AlreadyCollected,
    ApprovalRequired,
    IllegalTransition,
    PickupCheckFailed,
    PriceMissing,
    RepairError,
    WeightNeedsApproval,
)
from .intake import DuplicateSubmit, promised_date_for, repair_add_photo, repair_create  # noqa: F401
from .pickup import balance_due, repair_pickup  # noqa: F401
from .quotes import amount_due, amount_paid, is_chargeable, repair_approve, repair_decline, repair_quote  # noqa: F401
from .work import (  # noqa: F401
    needs_weight_approval,
    repair_approve_weight,
    repair_cancel,
    repair_change_promised_date,
    repair_decide_unclaimed,
    repair_finish_work,
    repair_mark_ready,
    repair_mark_unclaimed,
    repair_move_custody,
    repair_record_weights,
    repair_send_back,
    repair_set_rush,
    repair_start,
)
from .workflow import ALLOWED, can_move  # noqa: F401
