"""Writes for customer files, one module per subdomain; every change writes its event row.

customers    create and edit a file
consent      marketing and service contact, given or withdrawn
purchases    a purchase recorded at the counter
pos_import   purchases imported from the point-of-sale CSV
merge        a duplicate file merged into the one that stays
followups    follow-up calls

The public names are re-exported so callers write ``services.customer_create``.
"""

from .consent import NoMarketingConsent, consent_set, consent_withdraw_marketing
from .customers import EDITABLE_FIELDS, AlreadySubmitted, customer_create, customer_update
from .followups import (
    NEXT_STATUS,
    FollowUpClosed,
    followup_cancel,
    followup_create,
    followup_record_call,
    max_attempts,
    retry_days,
    source_key,
)
from .merge import customer_merge
from .pos_import import purchase_import_start, purchase_import_step
from .purchases import purchase_create

__all__ = [
    "EDITABLE_FIELDS", "NEXT_STATUS", "AlreadySubmitted", "FollowUpClosed", "NoMarketingConsent", "consent_set",
    "consent_withdraw_marketing", "customer_create", "customer_merge", "customer_update", "followup_cancel", "followup_create",
    "followup_record_call", "max_attempts", "purchase_create", "purchase_import_start", "purchase_import_step", "retry_days",
    "source_key",
]
