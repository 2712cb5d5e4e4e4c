"""Purchases imported from the point-of-sale system as CSV, in steps the page shows as progress.

Each row is saved in its own savepoint: a bad row is rejected whole (row number, field, reason)
and never half-saved; the unique receipt line makes a second import of the same file add nothing.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales import audit, clock, roles
from aftersales.catalog import ItemCategory, Material
from aftersales.models import Role, Store
from aftersales.money import round_money

from .. import phones
from ..models import Customer, ImportStatus, Purchase, PurchaseImport

BATCH = 200
MAX_ROWS = 50_000

# canonical column → accepted header names (the till's Chinese export or our English names)
COLUMNS: dict[str, tuple[str, ...]] = {
    "receipt_number": ("receipt_number", "receipt", "小票号", "单号", "小票号码"),
    "purchased_at": ("purchased_at", "date", "购买日期", "日期", "销售时间"),
    "phone": ("phone", "mobile", "手机", "手机号", "电话"),
    "name": ("name", "姓名", "顾客姓名", "顾客"),
    "item": ("item", "商品", "品名", "商品名称"),
    "category": ("category", "品类", "类别"),
    "material": ("material", "材质", "成色"),
    "weight": ("weight", "克重", "重量"),
    "price": ("price", "金额", "价格", "售价"),
    "special_price": ("special_price", "特价"),
    "single_use": ("single_use", "一次性"),
    "series": ("series", "系列"),
}
REQUIRED = ("receipt_number", "purchased_at", "phone", "item", "price")

COLUMN_HELP = [
    ("receipt_number", "小票号", True, gettext_lazy("Receipt number from the till.")),
    ("purchased_at", "购买日期", True, gettext_lazy("2026-11-01 or 2026-11-01 14:30 (also with /)." )),
    ("phone", "手机", True, gettext_lazy("Customer's mobile phone; the file is found by it.")),
    ("name", "姓名", False, gettext_lazy("Needed when the phone has no file yet (a new file is made).")),
    ("item", "商品", True, gettext_lazy("What was bought; one row per receipt line.")),
    ("price", "金额", True, gettext_lazy("Price paid in yuan, e.g. 1280.00.")),
    ("category", "品类", False, gettext_lazy("ring, necklace, bracelet… or 戒指, 项链, 手链…")),
    ("material", "材质", False, gettext_lazy("au990, au750, ag925… or 足金, 18K, S925…")),
    ("weight", "克重", False, gettext_lazy("Grams, e.g. 5.23.")),
    ("special_price", "特价", False, gettext_lazy("1/0, 是/否, yes/no.")),
    ("single_use", "一次性", False, gettext_lazy("1/0, 是/否, yes/no.")),
    ("series", "系列", False, gettext_lazy("Product series name, if any.")),
]

MATERIAL_ALIASES = {
    "足金": "au990", "千足金": "au999", "au999": "au999", "18k": "au750", "18k金": "au750", "14k": "au585", "9k": "au375",
    "22k": "au916", "s925": "ag925", "925银": "ag925", "足银": "ag990", "铂金": "pt950", "pt950": "pt950", "足铂": "pt990",
    "珍珠": "pearl", "翡翠": "jade", "钻石": "diamond", "合金": "alloy", "彩宝": "coloured_stone",
}
CATEGORY_ALIASES = {
    "戒指": "ring", "指环": "ring", "项链": "necklace", "手链": "bracelet", "耳环": "earring", "耳饰": "earring", "耳钉": "earring",
    "吊坠": "pendant", "挂坠": "pendant", "手镯": "bangle", "手表": "watch", "腕表": "watch", "眼镜": "glasses", "其他": "other",
}
TRUE = {"1", "y", "yes", "true", "是", "√", "t"}
FALSE = {"", "0", "n", "no", "false", "否", "f"}


class ImportFileError(ValidationError):
    pass


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding used: UTF-8 (with or without BOM) first, then GB18030 (GBK)."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is neither UTF-8 nor GBK/GB18030 text. Export it from the till as CSV (UTF-8 or GBK) and try again."))


def _header_map(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        key = (title or "").strip().lower()
        for canonical, names in COLUMNS.items():
            if key in names and canonical not in found:
                found[canonical] = index
    return found


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        for lang in ("en", "zh-hans"):
            with translation.override(lang):
                lookup[str(label).strip().lower()] = value
    return lookup


def _parse_date(text: str) -> datetime:
    text = text.strip().replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d"):
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return timezone.make_aware(value)
    raise ValueError


def _parse_bool(text: str) -> bool:
    key = (text or "").strip().lower()
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    raise ValueError


class RowError(Exception):
    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field, self.reason = field, reason


def parse_row(cells: dict[str, str], lookups) -> dict:
    categories, materials = lookups
    out: dict = {}
    for field in REQUIRED:
        if not cells.get(field, "").strip():
            raise RowError(field, _("This field is empty."))
    out["receipt_number"] = cells["receipt_number"].strip()[:40]
    out["item"] = cells["item"].strip()[:120]
    try:
        out["phone"] = phones.normalise(cells["phone"])
    except ValidationError as exc:
        raise RowError("phone", exc.messages[0])
    try:
        out["purchased_at"] = _parse_date(cells["purchased_at"])
    except ValueError:
        raise RowError("purchased_at", _("Not a date; use 2026-11-01 or 2026-11-01 14:30."))
    if out["purchased_at"] > clock.now():
        raise RowError("purchased_at", _("The purchase date is in the future."))
    try:
        out["price"] = round_money(cells["price"].replace(",", "").replace("¥", ""))
    except (ValueError, InvalidOperation):
        raise RowError("price", _("Not an amount of money."))
    if out["price"] < 0:
        raise RowError("price", _("A price cannot be negative."))
    weight = cells.get("weight", "").strip().lower().removesuffix("g").removesuffix("克").strip()
    if weight:
        try:
            out["weight"] = Decimal(weight).quantize(Decimal("0.001"))
        except InvalidOperation:
            raise RowError("weight", _("Not a weight in grams."))
        if out["weight"] < 0:
            raise RowError("weight", _("A weight cannot be negative."))
    category = cells.get("category", "").strip().lower()
    if category:
        value = categories.get(category) or CATEGORY_ALIASES.get(category)
        if value is None:
            raise RowError("category", _("Unknown category “%(value)s”.") % {"value": cells["category"]})
        out["category"] = value
    material = cells.get("material", "").strip().lower()
    if material:
        value = materials.get(material) or MATERIAL_ALIASES.get(material)
        if value is None:
            raise RowError("material", _("Unknown material “%(value)s”.") % {"value": cells["material"]})
        out["material"] = value
    for flag in ("special_price", "single_use"):
        try:
            out[flag] = _parse_bool(cells.get(flag, ""))
        except ValueError:
            raise RowError(flag, _("Use 1 or 0 (是 or 否)."))
    out["series"] = cells.get("series", "").strip()[:60]
    out["name"] = cells.get("name", "").strip()[:60]
    return out


@transaction.atomic
def purchase_import_start(*, store: Store, actor, file_name: str, raw: bytes) -> PurchaseImport:
    """Check the file (encoding, columns, size) and keep it; the rows are imported in steps."""
    roles.require_role(actor, store, Role.COUNTER, Role.MANAGER)
    if not raw:
        raise ImportFileError(_("The file is empty."))
    text, encoding = decode(raw)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a readable CSV file (%(error)s).") % {"error": exc})
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFileError(_("The file is empty."))
    found = _header_map(rows[0])
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise ImportFileError(
            _("Missing column(s): %(columns)s. The first row must name the columns (see the list below).")
            % {"columns": ", ".join(f"{m} ({COLUMNS[m][2]})" for m in missing)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(max)d rows per file; split the export.") % {"max": MAX_ROWS})
    batch = PurchaseImport.objects.create(
        store=store, file_name=(file_name or "upload.csv")[:200], encoding=encoding, content=text,
        total_rows=len(rows) - 1, created_by=actor,
    )
    audit.record(actor=actor, kind="purchase_import.started", subject=batch, store=store,
                 new={"file": batch.file_name, "encoding": encoding, "rows": batch.total_rows})
    return batch


@transaction.atomic
def purchase_import_step(*, import_id: int, actor, batch_size: int = BATCH) -> PurchaseImport:
    """Import the next rows. Locked, so two browser tabs stepping the same file do not race."""
    batch = PurchaseImport.objects.select_for_update().select_related("store").get(pk=import_id)
    roles.require_role(actor, batch.store, Role.COUNTER, Role.MANAGER)
    if batch.status == ImportStatus.DONE:
        return batch
    rows = list(csv.reader(io.StringIO(batch.content)))
    columns = _header_map(rows[0])
    lookups = (_choice_lookup(ItemCategory), _choice_lookup(Material))
    start, end = batch.next_row, min(batch.next_row + batch_size, batch.total_rows)
    rejected = list(batch.rejected)
    for index in range(start, end):
        line = rows[index + 1]
        row_number = index + 2  # as a spreadsheet shows it: the header is row 1
        if not any(cell.strip() for cell in line):
            continue
        cells = {key: (line[pos] if pos < len(line) else "") for key, pos in columns.items()}
        try:
            with transaction.atomic():
                data = parse_row(cells, lookups)
                added, new_customer = _import_row(batch, data)
        except RowError as exc:
            rejected.append({"row": row_number, "field": exc.field, "reason": exc.reason})
            continue
        except IntegrityError:  # the same line saved meanwhile by another import of the file
            added, new_customer = False, False
        batch.created_count += added
        batch.skipped_count += not added
        batch.customers_created += new_customer
    batch.next_row = end
    batch.rejected = rejected
    if end >= batch.total_rows:
        batch.status = ImportStatus.DONE
    batch.save()
    if batch.status == ImportStatus.DONE:
        audit.record(actor=actor, kind="purchase_import.finished", subject=batch, store=batch.store,
                     new={"added": batch.created_count, "already_there": batch.skipped_count,
                          "new_customers": batch.customers_created, "rejected": len(rejected)})
    return batch


def _import_row(batch: PurchaseImport, data: dict) -> tuple[bool, bool]:
    """(purchase added, customer file made); (False, False) when the line is already there."""
    if Purchase.objects.filter(store=batch.store, receipt_number=data["receipt_number"], item=data["item"]).exists():
        return False, False
    new_customer = False
    live = Customer.objects.filter(phone=data["phone"], merged_into__isnull=True)
    customer = live.filter(home_store=batch.store).order_by("pk").first() or live.order_by("pk").first()
    if customer is None:
        if not data["name"]:
            raise RowError("name", _("No customer has this phone yet: the name is needed to make a file."))
        customer = Customer.objects.create(
            home_store=batch.store, name=data["name"], phone=data["phone"], phone_last4=phones.last4(data["phone"]),
            created_by=batch.created_by,
        )
        audit.record(actor=batch.created_by, kind="customer.created", subject=customer, store=batch.store,
                     new={"name": customer.name, "phone": customer.masked_phone, "import": batch.pk})
        new_customer = True
    Purchase.objects.create(
        customer=customer, store=batch.store, receipt_number=data["receipt_number"], purchased_at=data["purchased_at"],
        item=data["item"], category=data.get("category", "other"), material=data.get("material", "other"),
        weight=data.get("weight"), price=data["price"], special_price=data["special_price"],
        single_use=data["single_use"], series=data["series"], source="import", import_batch=batch,
    )
    return True, new_customer
