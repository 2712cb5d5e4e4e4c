"""What other apps plug into the documents: status providers and the receipt builder.

    registry.register_status_provider("repairs.repairorder", provider)
        provider(subject_id) -> {"status": str, "promised_date": date | None, "store_phone": str,
                                 "masked_name": str, "number": str (optional)} or None (gone)
    registry.register_receipt_builder(builder)
        builder(number: str) -> (order, RepairReceipt); raises LookupError for an unknown number
    registry.register_prerender("repairs.repairorder", documents_of)
        documents_of(subject_id) -> [(kind, subject, data), ...]: what the worker renders ahead
        of the print click after a change (aftersales.documents.services.prerender_on_commit)
"""

from __future__ import annotations

from collections.abc import Callable

StatusProvider = Callable[[int], dict | None]

_status_providers: dict[str, StatusProvider] = {}
_receipt_builder: list[Callable] = []
_prerenderers: dict[str, Callable] = {}

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


def register_prerender(subject_type: str, documents_of: Callable) -> Callable:
    _prerenderers[subject_type.lower()] = documents_of
    return documents_of


def prerenderer(subject_type: str) -> Callable | None:
    return _prerenderers.get(subject_type.lower())
