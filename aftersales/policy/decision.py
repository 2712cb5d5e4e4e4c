"""The seam between the after-sales policy and its users (repair intake, exchange and return cases).

    decision = decide(store=request.store, job_type=JobType.REPLACE_STONE, purchase=purchase,
                      receipt_shown=True, reason=Reason.STONE_LOST, quantity=2, facts={"special_stone"})
    job.policy_decision = decision.as_dict()   # a JSONField: later rule changes never rewrite it

Outcomes, for the caller:
- FREE: no charge. CHARGED: unit_price per unit (details["amount"] = price × quantity, a string).
- AT_COST: parts charged at cost (the factory's price): the caller asks for the amount.
- REFUSED: the item cannot be repaired; alternative_zh/_en says what can be done instead.
- NOT_ALLOWED: the policy gives nothing here: for a repair, no warranty (it may still be done at
  the standard price if the customer agrees); for "exchange"/"return", the request is refused.
  When no rule allows an exchange or return, the outcome is NOT_ALLOWED with no rule_id.
- EXCHANGE / RETURN: allowed. STANDARD: no rule applies to this repair: normal price.
details["why_zh"] / ["why_en"] list the reasons (rules skipped and why, the deadline that applied).

`decide()` is implemented by the policy engine (aftersales.policy.engine.evaluate).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    FREE = "free", _("Free")
    CHARGED = "charged", _("Charged at the policy's price")
    AT_COST = "at_cost", _("Parts at cost")
    REFUSED = "refused", _("Not repairable")
    EXCHANGE = "exchange", _("Exchange allowed")
    RETURN = "return", _("Return allowed")
    NOT_ALLOWED = "not_allowed", _("Not allowed by the policy")
    STANDARD = "standard", _("No policy rule: normal price")


@dataclass(frozen=True)
class Decision:
    outcome: str
    unit_price: Decimal | None = None   # yuan per unit, for CHARGED
    unit: str = ""                      # "stone", "screw", "piece", "gram", ""
    rule_id: int | None = None
    rule_code: str = ""
    text_zh: str = ""                   # a sentence a customer understands
    text_en: str = ""
    alternative_zh: str = ""            # e.g. "可更换底夹" for a refused vertical clip
    alternative_en: str = ""
    details: dict = field(default_factory=dict)

    @property
    def is_free(self) -> bool:
        return self.outcome == Outcome.FREE

    @property
    def is_refused(self) -> bool:
        return self.outcome in (Outcome.REFUSED, Outcome.NOT_ALLOWED)

    def text(self, language: str) -> str:
        return self.text_zh if language.startswith("zh") else self.text_en

    def as_dict(self) -> dict:
        """A JSON snapshot, stored with the repair job or case so later rule changes never rewrite it."""
        data = asdict(self)
        data["unit_price"] = str(self.unit_price) if self.unit_price is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Decision:
        data = dict(data)
        if data.get("unit_price") is not None:
            data["unit_price"] = Decimal(data["unit_price"])
        return cls(**data)


STANDARD = Decision(
    outcome=Outcome.STANDARD,
    text_zh="售后须知无适用条款：按本店标准价格收费。",
    text_en="No policy rule applies: standard price.",
)


def decide(
    *,
    store,
    job_type: str,
    category: str = "",
    material: str = "",
    reason: str = "",
    purchase=None,
    series: str = "",
    receipt_shown: bool = False,
    special_price: bool | None = None,
    quantity: int = 1,
    at=None,
    single_use: bool | None = None,
    facts=(),
    prior_uses: int | None = None,
) -> Decision:
    """The policy's decision for one job (or one exchange/return request, job_type "exchange"/"return").

    `purchase` is a customers.Purchase or None (not bought here / unknown); `at` is the moment of
    the request (default now); days count from the day after the purchase (民法典 201).

    `special_price` / `single_use`: None takes the purchase's flag. `facts`: what the counter
    confirmed by looking at the item (policy.models.Fact: "intact", "special_stone",
    "vertical_clip"). `prior_uses`: how many times this purchase already had the same service
    (e.g. earlier exchanges) for "once only" rules; None counts as none.
    """
    try:
        from .engine import evaluate
    except ImportError:  # the engine is not installed yet
        return STANDARD
    return evaluate(
        store=store,
        job_type=job_type,
        category=category,
        material=material,
        reason=reason,
        purchase=purchase,
        series=series,
        receipt_shown=receipt_shown,
        special_price=special_price,
        quantity=quantity,
        at=at,
        single_use=single_use,
        facts=facts,
        prior_uses=prior_uses,
    )
