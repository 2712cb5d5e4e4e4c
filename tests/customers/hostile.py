"""What the hostile-input walk (tests/test_hostile.py) cannot find on a page of the customers app."""

PARAMS = {
    "customers:index": ["q", "page"],
    "customers:lookup": ["q"],
    "customers:followups": ["escalated", "page"],
    "customers:quick_create": ["fragment", "phone"],
    "customers:merge": ["other"],
}
