"""The chain's core: stores, staff and their roles, the audit trail, document numbers."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .concurrency import Versioned

DEFAULT_TIME_ZONE = "Asia/Shanghai"


def validate_time_zone(value: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone %(zone)s: use an IANA name such as Asia/Shanghai."), params={"zone": value})


class User(AbstractUser):
    language = models.CharField(
        _("interface language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        first, last = self.first_name.strip(), self.last_name.strip()
        if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
            return f"{last}{first}"  # Chinese order: family name first, no space
        return super().get_full_name()


class Store(Versioned):
    code = models.CharField(
        _("store code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{1,5}$", _("Two to six capital letters or digits, starting with a letter."))],
        help_text=_("Used as the prefix of every document number of the store."),
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    receipt_terms = models.TextField(_("receipt terms"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The pickup ladder and follow-up calls (seed 002: one month to collect; 民法典 201–203 counting).
    pickup_deadline_months = models.PositiveSmallIntegerField(
        _("months to collect after the ready notice"), default=1, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("The pickup deadline is this many months after the day the customer is told the repair is ready."))
    pickup_reminder_days = models.CharField(
        _("pickup reminders (days before the deadline)"), max_length=40, default="7,1", blank=True,
        validators=[RegexValidator(r"^\s*(\d{1,3}\s*(,\s*\d{1,3}\s*)*)?$", _("Whole numbers of days separated by commas, e.g. 7,1."))],
        help_text=_("For example 7,1: a reminder seven days and one day before the last day to collect."))
    followup_days_after_pickup = models.PositiveSmallIntegerField(
        _("follow-up call after pickup (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(365)])
    birthday_greeting_days_before = models.PositiveSmallIntegerField(
        _("birthday greeting (days before)"), default=3, validators=[MaxValueValidator(60)])
    cleaning_invitation_months = models.PositiveSmallIntegerField(
        _("cleaning and inspection invitation (months after a purchase or repair)"), default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)])
    followup_escalation_days = models.PositiveSmallIntegerField(
        _("escalate an open follow-up call to the manager after (days overdue)"), default=3, validators=[MaxValueValidator(90)])
    # The store's week: ISO weekday numbers (1 Monday … 7 Sunday) it is closed on every week.
    # Promised dates skip them, as they skip the closed days kept on the same settings page.
    closed_weekdays = models.CharField(
        _("closed every week on"), max_length=20, blank=True, default="",
        validators=[RegexValidator(r"^([1-7](,[1-7])*)?$", _("Weekdays 1 (Monday) to 7 (Sunday), separated by commas."))])
    # The store's own clock for its deadlines ("today", reminder hours, quiet hours), whatever the
    # server's TIME_ZONE says (aftersales/clock.py).
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone],
        help_text=_("An IANA name such as Asia/Shanghai: the store's days and hours are counted in it."))

    class Meta:
        ordering = ["code"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def closed_weekday_numbers(self) -> set[int]:
        """Python weekday numbers (0 Monday … 6 Sunday) the store is closed every week."""
        return {int(d) - 1 for d in (self.closed_weekdays or "").split(",") if d.strip().isdigit() and 1 <= int(d) <= 7}

    @property
    def reminder_offsets(self) -> list[int]:
        """The reminder days before the pickup deadline, largest first, without repeats."""
        days = {int(part) for part in (self.pickup_reminder_days or "").replace("，", ",").split(",") if part.strip().isdigit()}
        return sorted(days, reverse=True)


class Role(models.TextChoices):
    COUNTER = "counter", _("Counter staff")
    MANAGER = "manager", _("Store manager")
    TECHNICIAN = "technician", _("Workshop technician")
    CHAIN_MANAGER = "chain_manager", _("Chain manager")


class StaffMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("staff account"))
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("store"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("store membership")
        verbose_name_plural = _("store memberships")
        # Small stores give one person two roles (counter and technician); the permission table stays strict.
        constraints = [models.UniqueConstraint(fields=["user", "store", "role"], name="two_roles_per_store")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.store.code}: {self.get_role_display()}"


class _DescribedEventIterable(models.query.ModelIterable):
    """Events with their changes already put in words, the records they name read in one query
    per model for the whole list (a history of 40 changes naming a customer, a clerk and a
    technician: three queries, not forty)."""

    def __iter__(self):
        from .audit import describe_changes

        events = list(super().__iter__())
        describe_changes(events)
        yield from events


class EventQuerySet(models.QuerySet):
    def described(self) -> "EventQuerySet":
        """For showing: each event's `changes` computed with the others', records read in bulk."""
        clone = self._chain()
        clone._iterable_class = _DescribedEventIterable
        return clone

    def update(self, **kwargs):
        raise TypeError("Events are append-only.")

    def delete(self):
        raise TypeError("Events are append-only.")


class Event(models.Model):
    """One append-only row for every change that matters: who, when, what, old and new values.

    Written only by services (aftersales.audit.record), in the transaction of the change.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    kind = models.CharField(_("what"), max_length=60)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    old = models.JSONField(_("before"), default=dict, blank=True)
    new = models.JSONField(_("after"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["subject_type", "subject_id", "created_at"], name="event_subject_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.subject_type}#{self.subject_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Events are append-only.")

    @property
    def label(self) -> str:
        from .audit import kind_label

        return kind_label(self)

    @property
    def changes(self) -> list:
        described = self.__dict__.get("_described_changes")
        if described is not None:
            return described
        from .audit import field_changes

        return field_changes(self)


class DocumentSequence(models.Model):
    """Last number handed out per store, document kind and month; locked while incremented."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4)
    period = models.CharField(max_length=4)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "kind", "period"], name="one_sequence_per_period")]

    def __str__(self) -> str:
        return f"{self.store_id}-{self.kind}{self.period}: {self.last}"


class SubmittedForm(models.Model):
    """A form token already used: a double click or a resubmitted page finds the first result."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.token)
