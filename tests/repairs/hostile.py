"""What the hostile-input walk (tests/test_hostile.py) cannot find on a page of the repairs app."""

PARAMS = {
    "repairs:index": ["page", "view", "status", "technician", "location", "q"],
    "repairs:intake": ["phone", "customer"],
    "repairs:intake_purchases": ["customer"],
    "repairs:pickup": ["scanned"],
}
# POST forms shown only in other states of an order (the walk's order is just taken in).
POST = {
    "repairs:act": {
        "action=start": {"version": "1", "technician": ""},
        "action=finish": {"version": "1"},
        "action=send_back": {"version": "1", "note": "x"},
        "action=weights": {"version": "1"},
        "action=approve_weight": {"item": "1", "note": "x"},
        "action=ready": {"version": "1"},
        "action=unclaimed": {"note": "x"},
        "action=decide": {"version": "1", "decision": "keep", "note": "x"},
    },
    "repairs:extend_deadline": {"": {"version": "1", "new_deadline": "2030-01-01", "reason": "x"}},
    "repairs:closed_day_remove": {"": {}},  # a button with nothing to fill in (shown once a closed day exists)
}
