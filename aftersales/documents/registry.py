"""What other apps plug into the documents: status providers and the receipt builder.

    registry.register_status_provider("repairs.repairorder", provider)
        provider(subject_id) -> {"status": str, "promised_date": date | None, "store_phone": str,
                                 "masked_name": str, "number": str (optional)} or None (gone)
    registry.register_receipt_builder(builder)
        builder(number: str) -> (order, RepairReceipt); raises LookupError for an unknown number
    registry.register_document_type("case_record", label=_("Case record"), template="tickets/print/case_record.html",
                                    data_type=CaseRecord, context=None, paper="a5")
        another app's document (case record…), stored and versioned like the receipt; `data` is a
        frozen dataclass with `store` (StoreInfo) and `language`
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentType:
    kind: str
    label: Any
    template: str
    data_type: type
    context: Callable[[object], dict] | None = None
    paper: str = "a5"

StatusProvider = Callable[[int], dict | None]

_status_providers: dict[str, StatusProvider] = {}
_receipt_builder: list[Callable] = []
_document_types: dict[str, DocumentType] = {}

STATUS_FIELDS = ("status", "promised_date", "store_phone", "masked_name", "number", "store_name")


def register_status_provider(subject_type: str, provider: StatusProvider) -> StatusProvider:
    _status_providers[subject_type.lower()] = provider
    return provider


def unregister_status_provider(subject_type: str) -> None:
    _status_providers.pop(subject_type.lower(), None)


def status_for(subject_type: str, subject_id: int) -> dict | None:
    provider = _status_providers.get(subject_type)
    if provider is None:
        return None
    info = provider(subject_id)
    if info is None:
        return None
    # Only these fields ever reach the public page, whatever a provider returns.
    return {key: info.get(key) for key in STATUS_FIELDS}


def register_receipt_builder(builder: Callable) -> Callable:
    _receipt_builder[:] = [builder]
    return builder


def unregister_receipt_builder() -> None:
    _receipt_builder.clear()


def receipt_builder() -> Callable | None:
    return _receipt_builder[0] if _receipt_builder else None


def register_document_type(kind: str, *, label, template: str, data_type: type, context: Callable[[object], dict] | None = None,
                           paper: str = "a5") -> DocumentType:
    _document_types[kind] = DocumentType(kind=kind, label=label, template=template, data_type=data_type, context=context, paper=paper)
    return _document_types[kind]


def document_type(kind: str) -> DocumentType | None:
    return _document_types.get(kind)
