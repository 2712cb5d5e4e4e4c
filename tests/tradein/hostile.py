"""What the hostile-input walk (tests/test_hostile.py) cannot find on a page of the trade-in app."""

PARAMS = {
    "tradein:index": ["status"],
    "tradein:new": ["kind"],
    "tradein:reported": ["store", "from", "to", "status", "page"],
}
# POST forms shown only in other states (the walk's quote is a draft; its lot is just sent).
POST = {
    "tradein:act": {
        "action=accept": {"version": "1", "signature": "", "seller_id_type": "", "seller_id_last4": ""},
        "action=complete": {"version": "1", "payment_method": "cash"},
    },
    "tradein:rule_move": {"action=copy": {"version": "1"}},
    "tradein:lot_assay": {"": {"version": "1", "assay_fineness": "990", "fine_grams": "0.99"}},
}
