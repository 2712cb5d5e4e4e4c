"""Policy URLs with arguments, for tests/test_isolation.py: a store's override rule belongs to that store."""

from itertools import count

from tests.policy.helpers import make_rule

_priorities = count(1000)


def _store_rule(store):
    # A fresh priority each time: two identical overrides of one store would (rightly) conflict.
    rule = make_rule(store=store, code=f"S-{store.code}", name="store override", priority=next(_priorities), publish=False)
    return {"pk": rule.pk}


FOREIGN = {
    "policy:detail": _store_rule,
    "policy:edit": _store_rule,
    "policy:publish": _store_rule,
    "policy:withdraw": _store_rule,
}
