"""What the hostile-input walk (tests/test_hostile.py) cannot find on a page of the reports."""

PARAMS = {
    "reports:report": ["start", "end", "store", "category", "channel", "urgency", "page"],
    "reports:records": ["start", "end", "store", "category", "channel", "urgency"],
    "reports:export": ["start", "end", "store", "category", "channel", "urgency"],
}
