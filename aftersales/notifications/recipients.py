"""Who a message goes to: apps above the core plug their recipients in here.

The outbox is part of the core and knows no customer model. A message names its recipient by a
generic reference (``recipient_type`` "app_label.model", ``recipient_id``); the app that owns the
model registers a source that answers everything the outbox asks, at the time it asks:

    class CustomerRecipients:                    # customers/recipients.py
        def describe(self, obj) -> Recipient          # from a loaded object, no query
        def describe_many(self, ids) -> dict[int, Recipient]   # one query for a batch
        def may_market(self, ids) -> set[int]         # marketing consent holds now (one query)
        def link(self, recipient_id) -> str           # the recipient's page (its timeline), or ""

    recipients.register("customers.customer", CustomerRecipients())   # in AppConfig.ready()

notify(customer=<a registered model instance>, ...) reads the recipient through its source.
An unregistered type is an error (UnknownRecipientType), never a silent skip.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Recipient:
    """What the outbox needs of a recipient, without loading the whole file."""

    type: str
    id: int
    name: str
    language: str = ""
    addresses: Mapping[str, str] = field(default_factory=dict)  # channel -> address (phone, e-mail)
    label: str = ""  # masked, for the staff's pages: "王* 138****5678"

    @property
    def pk(self) -> int:
        return self.id

    def address(self, channel: str) -> str:
        return self.addresses.get(channel, "") or ""


class RecipientSource(Protocol):
    def describe(self, obj) -> Recipient: ...

    def describe_many(self, ids: Iterable[int]) -> dict[int, Recipient]: ...

    def may_market(self, ids: Iterable[int]) -> set[int]: ...

    def link(self, recipient_id: int) -> str: ...


class UnknownRecipientType(LookupError):
    pass


_sources: dict[str, RecipientSource] = {}


def register(recipient_type: str, source: RecipientSource) -> RecipientSource:
    _sources[recipient_type.lower()] = source
    return source


def unregister(recipient_type: str) -> None:
    _sources.pop(recipient_type.lower(), None)


def source(recipient_type: str) -> RecipientSource:
    try:
        return _sources[recipient_type]
    except KeyError:
        raise UnknownRecipientType(f"no recipient source registered for {recipient_type!r}") from None


def type_of(obj) -> str:
    return obj._meta.label_lower


def describe(obj) -> Recipient:
    """The recipient of a registered model instance (or a Recipient already described)."""
    if isinstance(obj, Recipient):
        return obj
    return source(type_of(obj)).describe(obj)


def describe_many(recipient_type: str, ids: Iterable[int]) -> dict[int, Recipient]:
    return source(recipient_type).describe_many(set(ids))


def may_market(recipient_type: str, ids: Iterable[int]) -> set[int]:
    """The ids among `ids` that may receive marketing now (消保法 29: only with consent)."""
    ids = set(ids)
    return source(recipient_type).may_market(ids) if ids else set()


def link(recipient_type: str, recipient_id: int | None) -> str:
    if not recipient_type or recipient_id is None:
        return ""
    return source(recipient_type).link(recipient_id)


class StaffRecipients:
    """Staff accounts as recipients (the monthly report e-mailed to managers): never marketing."""

    def describe(self, obj) -> Recipient:
        return Recipient(type=type_of(obj), id=obj.pk, name=str(obj), language=obj.language or "",
                         addresses={"email": obj.email or ""}, label=str(obj))

    def describe_many(self, ids: Iterable[int]) -> dict[int, Recipient]:
        from django.contrib.auth import get_user_model

        return {u.pk: self.describe(u) for u in get_user_model().objects.filter(pk__in=set(ids))}

    def may_market(self, ids: Iterable[int]) -> set[int]:
        return set()

    def link(self, recipient_id: int) -> str:
        return ""
