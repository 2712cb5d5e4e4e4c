"""Who may read the reports: store managers for their stores, chain managers for all (roles.may)."""

from aftersales import roles
from aftersales.models import Role

roles.register_permissions("reports", {
    "view": {Role.MANAGER},
    # The staff member concerned in a complaint is shown to managers only (issue 14).
    "view_staff": {Role.MANAGER},
    "build_monthly": {Role.MANAGER},
})
