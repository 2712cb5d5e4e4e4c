"""What the printed documents are rendered from: plain, frozen data, no models.

The repairs app fills these in ONE adaptor function (e.g. `repairs.documents.receipt_data(order)`)
and registers it with `aftersales.documents.registry.register_receipt_builder`. The adaptor must:

- `StoreInfo`: name, address, phone, code of the order's store; `receipt_paper` "a5" (default) or
  "roll80" (80 mm thermal roll) and `tag_width_mm` / `tag_height_mm` from the store's settings.
- `RepairReceipt`:
  - `number` the order number ("HX-R2611-00042"); `created_at` the ORDER's intake time (aware
    datetime, never "now": identical input must give an identical file);
  - `customer_name` and `customer_phone` ALREADY MASKED (Customer.masked_name / masked_phone);
  - `items`: one `ReceiptItem` per item in intake order, with `category` (catalog.ItemCategory
    value), `material` (catalog.Material value), `hallmark` (as stamped, e.g. "足金999"),
    `description`, `intake_weight` (Decimal grams, as weighed), `pieces`, `stone_count`,
    `condition` (notes: scratches, bends, missing or loose stones, cracks), `declared_value`
    (Decimal or None), `photo` (the FIRST photo: bytes, or a name in the default storage, or None)
    and `jobs`: one `ReceiptJob` per job with `label` (job type label in the receipt's language),
    `decision` (the policy Decision's sentence: `Decision.text(language)` from the snapshot
    stored with the job), `price` (Decimal yuan, None = to be quoted) and `quantity`;
  - `quote_total` (Decimal or None while not quoted), `deposit` (Decimal); the balance is derived;
  - `promised_date` (date), `rush` (bool);
  - `pickup_terms`: the store's own text (Store.receipt_terms); the lawful paragraph (reminders,
    60 days' notice, lien for unpaid fees) is always printed beside it (documents.texts);
  - `risk_disclosures` (the sentences the customer acknowledged; `texts.default_risk_disclosures()`
    is a starting point) and `risk_acknowledged`;
  - `signature`: the captured signature as PNG bytes, or None;
  - `status_url`: `documents.services.status_url(subject=order)` (absolute URL with the token);
  - `copies`: ("customer",), ("store",) or ("customer", "store") for two copies;
  - `language` ("zh-hans" or "en"), `staff_name` (who took the order in).
- `ItemTag` (the bag label): store, number, `customer_surname`, `items` (short lines such as
  "戒指 · 足金"), promised_date, rush, language.
- `PickupSlip`: store, number, `collected_at` (the pickup event's time), customer_name (masked),
  `lines` (`PickupLine`: description, category, material, intake and return weights),
  `amount_paid` (Decimal), `payment_method` (label), `collected_by` (name of who collected),
  `on_behalf_of` (masked owner's name when an agent collected, else ""), `authorisation` (e.g.
  "书面委托书 + 身份证核验"), signature, staff_name, language, copies.

Care notes come from the items' materials (documents.texts.CARE_NOTES); nothing to fill.

Wiring (repairs/apps.py ready()):
    registry.register_receipt_builder(lambda number: (order, receipt_data(order)))  # LookupError if unknown
    registry.register_status_provider("repairs.repairorder", lambda pk: {"status": label, "promised_date": d,
        "store_phone": s, "masked_name": m, "number": n, "store_name": name} or None)
Printing: `doc = services.document_get_or_render(kind="receipt" | "tag" | "pickup_slip", subject=order,
data=..., actor=request.user)`, then `views.pdf_response(doc.read(), doc.filename)`; the button is
`{% include "documents/_print_button.html" with url=... %}`. Revoke the QR link with
`services.status_token_revoke(subject=order, actor=...)`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

from aftersales.catalog import ItemCategory, Material
from aftersales.money import round_money

PAPERS = ("a5", "roll80")
COPIES = ("customer", "store")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class StoreInfo:
    name: str
    address: str = ""
    phone: str = ""
    code: str = ""
    receipt_paper: str = "a5"
    tag_width_mm: int = 60
    tag_height_mm: int = 40

    def __post_init__(self):
        if self.receipt_paper not in PAPERS:
            raise ValueError(f"receipt_paper must be one of {PAPERS}, not {self.receipt_paper!r}")
        if not (20 <= int(self.tag_width_mm) <= 150 and 15 <= int(self.tag_height_mm) <= 150):
            raise ValueError("tag size must be between 20 × 15 mm and 150 × 150 mm")


@dataclass(frozen=True)
class ReceiptJob:
    label: str
    decision: str = ""
    price: Decimal | None = None
    quantity: int = 1


@dataclass(frozen=True)
class ReceiptItem:
    category: str
    material: str
    description: str = ""
    intake_weight: Decimal | None = None
    hallmark: str = ""
    pieces: int = 1
    stone_count: int = 0
    condition: str = ""
    declared_value: Decimal | None = None
    photo: bytes | str | None = None
    jobs: tuple[ReceiptJob, ...] = ()

    @property
    def category_label(self) -> str:
        return _label(ItemCategory, self.category)

    @property
    def material_label(self) -> str:
        return _label(Material, self.material)


@dataclass(frozen=True)
class RepairReceipt:
    store: StoreInfo
    number: str
    created_at: datetime
    customer_name: str
    customer_phone: str
    items: tuple[ReceiptItem, ...]
    quote_total: Decimal | None = None
    deposit: Decimal = Decimal("0")
    promised_date: date | None = None
    rush: bool = False
    pickup_terms: str = ""
    risk_disclosures: tuple[str, ...] = ()
    risk_acknowledged: bool = False
    signature: bytes | None = None
    status_url: str = ""
    copies: tuple[str, ...] = ("customer",)
    language: str = "zh-hans"
    staff_name: str = ""

    def __post_init__(self):
        _check_copies(self.copies)
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must be an aware datetime (the order's intake time)")

    @property
    def balance(self) -> Decimal | None:
        if self.quote_total is None:
            return None
        return round_money(self.quote_total - (self.deposit or 0))

    @property
    def materials(self) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item.material not in seen:
                seen.append(item.material)
        return seen


@dataclass(frozen=True)
class ItemTag:
    store: StoreInfo
    number: str
    customer_surname: str
    items: tuple[str, ...]
    promised_date: date | None = None
    rush: bool = False
    language: str = "zh-hans"


@dataclass(frozen=True)
class PickupLine:
    description: str
    category: str = ""
    material: str = ""
    intake_weight: Decimal | None = None
    return_weight: Decimal | None = None

    @property
    def category_label(self) -> str:
        return _label(ItemCategory, self.category) if self.category else ""

    @property
    def material_label(self) -> str:
        return _label(Material, self.material) if self.material else ""

    @property
    def difference(self) -> Decimal | None:
        if self.intake_weight is None or self.return_weight is None:
            return None
        return self.return_weight - self.intake_weight


@dataclass(frozen=True)
class PickupSlip:
    store: StoreInfo
    number: str
    collected_at: datetime
    customer_name: str
    lines: tuple[PickupLine, ...]
    amount_paid: Decimal = Decimal("0")
    payment_method: str = ""
    collected_by: str = ""
    on_behalf_of: str = ""
    authorisation: str = ""
    signature: bytes | None = None
    staff_name: str = ""
    language: str = "zh-hans"
    copies: tuple[str, ...] = ("customer",)

    def __post_init__(self):
        _check_copies(self.copies)
        if self.collected_at.tzinfo is None:
            raise ValueError("collected_at must be an aware datetime")


def _check_copies(copies: tuple[str, ...]) -> None:
    if not copies or any(c not in COPIES for c in copies):
        raise ValueError(f"copies must be a non-empty tuple of {COPIES}")


# --- the canonical fingerprint: same input, same hash, whatever the process -------------------

def _canonical(value):
    if dataclasses.is_dataclass(value):
        return {"__type__": type(value).__name__, **{f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, Decimal):
        return {"__decimal__": format(value.normalize(), "f")}
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    if isinstance(value, bytes):
        return {"__bytes__": hashlib.sha256(value).hexdigest()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def fingerprint(data) -> str:
    """SHA-256 of a canonical JSON form of the data (photos by content when given as a path)."""
    from .images import photo_bytes

    def resolve(value):
        if isinstance(value, ReceiptItem) and isinstance(value.photo, str):
            return dataclasses.replace(value, photo=photo_bytes(value.photo) or b"")
        return value

    def walk(value):
        if dataclasses.is_dataclass(value):
            value = resolve(value)
            fields = {f.name: walk(getattr(value, f.name)) for f in dataclasses.fields(value)}
            if fields.get("status_url"):
                # The desk's address (PUBLIC_BASE_URL, or the request's own when unset) is not a
                # change to the order: only the token's path decides whether to print anew.
                fields["status_url"] = urlsplit(value.status_url).path
            return {"__type__": type(value).__name__, **fields}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return _canonical(value)

    text = json.dumps(walk(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
