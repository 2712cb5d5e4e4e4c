"""Every write of the tickets app goes through these services."""

from .cases import (  # noqa: F401
    attachment_add,
    case_assign,
    case_cancel,
    case_create,
    case_update,
    chain_settings,
    contact_add,
    link_add,
    link_remove,
    note_add,
    step_record,
)
from .closing import action_create, action_done, action_verify, case_close, case_reopen  # noqa: F401
from .errors import CaseError, DuplicateSubmit, IllegalTransition, RatingRefused  # noqa: F401
from .ratings import rating_link_revoke, rating_submit  # noqa: F401
from .resolutions import policy_decision, resolution_decide, resolution_record  # noqa: F401
from .workflow import ALLOWED, can_move  # noqa: F401
