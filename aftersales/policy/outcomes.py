"""What the policy decides for one job: the outcome, and the decision snapshotted with the job."""

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
