"""The store's after-sales policy as data: rules a manager edits, decided the same at every counter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import ItemCategory, JobType, Material, Reason
from aftersales.concurrency import Versioned
from aftersales.models import Store

from .outcomes import Outcome

# Exchange and return requests use these job_type values (they are not workshop jobs).
EXCHANGE = "exchange"
RETURN = "return"
REPAIR_JOBS = [value for value, _label in JobType.choices]
JOB_CHOICES = [*JobType.choices, (EXCHANGE, _("Exchange")), (RETURN, _("Return"))]
ALL_JOBS = [value for value, _label in JOB_CHOICES]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The moves a rule may make; anything else raises IllegalTransition.
ALLOWED = {
    Status.DRAFT: {Status.PUBLISHED, Status.WITHDRAWN},
    Status.PUBLISHED: {Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
}


class Window(models.TextChoices):
    ANY = "any", _("Any time, also items not bought here")
    LIFE = "life", _("For life (items bought here)")
    HOURS = "hours", _("Within N hours of purchase")
    DAYS = "days", _("Within N days of purchase")
    MONTHS = "months", _("Within N months of purchase")


class Flag(models.TextChoices):
    """A property of the purchase (special price, single use): the rule ignores it, needs it or excludes it."""

    ANY = "any", _("Any")
    ONLY = "only", _("Only these items")
    EXCLUDED = "excluded", _("Excluded")


class Fact(models.TextChoices):
    """Things the counter confirms by looking at the item; passed to decide() as `facts`."""

    INTACT = "intact", _("Item intact and resellable")
    SPECIAL_STONE = "special_stone", _("Special stone")
    VERTICAL_CLIP = "vertical_clip", _("Vertical clip (竖夹)")


class Unit(models.TextChoices):
    STONE = "stone", _("stone")
    SCREW = "screw", _("screw")
    PIECE = "piece", _("piece")
    GRAM = "gram", _("gram")


RULE_OUTCOMES = [(value, label) for value, label in Outcome.choices if value != Outcome.STANDARD]


class Rule(Versioned):
    """One after-sales promise. A chain rule has no store; a store's rule beats the chain's at equal priority.

    Empty applicability lists mean "any". Conditions that fail let the next (lower-priority) rule decide.
    """

    store_path = "store"

    store = models.ForeignKey(
        Store, null=True, blank=True, on_delete=models.PROTECT, related_name="policy_rules", verbose_name=_("store"),
        help_text=_("Empty: the rule applies to the whole chain. A store's own rule beats the chain rule of equal priority."),
    )
    clause = models.PositiveSmallIntegerField(_("clause"), default=0, help_text=_("Number of the clause on the printed policy."))
    code = models.CharField(_("code"), max_length=20, help_text=_("Short reference, e.g. 2a."))
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    priority = models.PositiveIntegerField(_("priority"), default=50, help_text=_("Higher numbers are checked first."))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Last day the rule applies; empty: no end."))

    categories = models.JSONField(_("categories"), default=list, blank=True)
    materials = models.JSONField(_("materials"), default=list, blank=True)
    series = models.JSONField(_("product series"), default=list, blank=True)
    job_types = models.JSONField(_("jobs"), default=list, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    exclude_reasons = models.JSONField(_("except for reasons"), default=list, blank=True)
    special_price = models.CharField(_("special-price items"), max_length=10, choices=Flag.choices, default=Flag.ANY)
    single_use = models.CharField(_("single-use items"), max_length=10, choices=Flag.choices, default=Flag.ANY)
    facts_required = models.JSONField(_("staff must confirm"), default=list, blank=True)
    facts_excluded = models.JSONField(_("not when staff confirm"), default=list, blank=True)

    window = models.CharField(_("time limit"), max_length=10, choices=Window.choices, default=Window.LIFE)
    window_length = models.IntegerField(_("length of the time limit"), null=True, blank=True)
    receipt_required = models.BooleanField(_("receipt required"), default=False)
    max_uses = models.PositiveIntegerField(_("times allowed per purchase"), null=True, blank=True, help_text=_("1 for 'once only'; empty: no limit."))

    outcome = models.CharField(_("outcome"), max_length=12, choices=RULE_OUTCOMES)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    unit_price = models.DecimalField(_("price per unit (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    alternative_zh = models.CharField(_("alternative (Chinese)"), max_length=200, blank=True)
    alternative_en = models.CharField(_("alternative (English)"), max_length=200, blank=True)
    text_zh_override = models.TextField(_("customer sentence in Chinese (instead of the generated one)"), blank=True)
    text_en_override = models.TextField(_("customer sentence in English (instead of the generated one)"), blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["clause", "-priority", "code", "pk"]
        verbose_name = _("policy rule")
        verbose_name_plural = _("policy rules")
        indexes = [models.Index(fields=["status", "valid_from"], name="policy_rule_status_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    # Fields that define the rule (audit, copy, snapshot); the rest is bookkeeping.
    DATA_FIELDS = [
        "store", "clause", "code", "name", "priority", "valid_from", "valid_to",
        "categories", "materials", "series", "job_types", "reasons", "exclude_reasons",
        "special_price", "single_use", "facts_required", "facts_excluded",
        "window", "window_length", "receipt_required", "max_uses",
        "outcome", "unit", "unit_price", "alternative_zh", "alternative_en",
        "text_zh_override", "text_en_override",
    ]

    @property
    def is_store_rule(self) -> bool:
        return self.store_id is not None

    @property
    def text_zh(self) -> str:
        from .text import sentence

        return self.text_zh_override or sentence(self, "zh-hans")

    @property
    def text_en(self) -> str:
        from .text import sentence

        return self.text_en_override or sentence(self, "en")

    @property
    def text(self) -> str:
        """The customer sentence in the current language."""
        return self.text_zh if (get_language() or "").startswith("zh") else self.text_en

    @property
    def alternative(self) -> str:
        return self.alternative_zh if (get_language() or "").startswith("zh") else self.alternative_en

    def scope_rows(self) -> list[tuple[str, str]]:
        """What the rule applies to and its conditions, for the detail page (empty lists read "any")."""
        any_ = str(_("any"))
        sep = gettext(", ")

        def labels(values, choices):
            mapping = dict(choices)
            return sep.join(str(mapping.get(v, v)) for v in values) if values else any_

        rows = [
            (_("jobs"), labels(self.job_types, JOB_CHOICES)),
            (_("categories"), labels(self.categories, ItemCategory.choices)),
            (_("materials"), labels(self.materials, Material.choices)),
            (_("product series"), sep.join(self.series) or any_),
            (_("reasons"), labels(self.reasons, Reason.choices)),
        ]
        if self.exclude_reasons:
            rows.append((_("except for reasons"), labels(self.exclude_reasons, Reason.choices)))
        rows += [(_("special-price items"), self.get_special_price_display()), (_("single-use items"), self.get_single_use_display())]
        if self.facts_required:
            rows.append((_("staff must confirm"), labels(self.facts_required, Fact.choices)))
        if self.facts_excluded:
            rows.append((_("not when staff confirm"), labels(self.facts_excluded, Fact.choices)))
        if self.max_uses:
            rows.append((_("times allowed per purchase"), str(self.max_uses)))
        return [(str(label), value) for label, value in rows]

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


__all__ = ["ItemCategory", "Material", "Reason", "Rule", "Status", "Window", "Flag", "Fact", "Unit"]
