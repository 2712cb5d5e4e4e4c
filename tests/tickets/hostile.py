"""What the hostile-input walk (tests/test_hostile.py) cannot find on a page of the cases app."""

PARAMS = {
    "tickets:index": ["view", "store", "status", "category", "kind", "q", "page"],
    "tickets:new": ["channel", "kind", "customer"],
    "tickets:print": ["for"],
    "tickets:actions": ["view", "page"],
    "tickets:reported": ["store", "from", "to", "category", "channel", "urgency", "kinds", "view", "root_cause", "rating",
                         "customer", "action", "staff", "page"],
}
# POST forms shown only in other states of a case (the walk's case is just received).
POST = {
    "tickets:act": {
        "action=resolve": {"version": "1", "kind": "explanation", "explanation": "x", "receipt_shown": "", "intact": "", "override": "",
                           "override_reason": "", "goodwill": "", "amount": "", "refund_amount": "", "refund_method": "", "expected_date": ""},
        "action=decide": {"resolution": "1", "approve": "1", "note": "x"},
        "action=close": {"version": "1", "justified": "1", "root_cause": "", "closing_note": "x", "action_what": "", "action_owner": "",
                         "action_due": ""},
        "action=reopen": {"version": "1", "reason": "x"},
        "action=unlink": {"link": "1"},
        "action=revoke-rating": {},
    },
    "tickets:action_act": {
        "action=done": {"version": "1", "note": "x", "next": "/cases/actions/"},
        "action=verify": {"version": "1", "effective": "1", "note": "x", "next": "/cases/actions/"},
    },
}
