"""Purchases imported from the point-of-sale system as CSV, in steps the page shows as progress.

Each row is saved in its own savepoint: a bad row is rejected whole (row number, field, reason)
and never half-saved; the unique receipt line makes a second import of the same file add nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from decimal import InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales import audit, clock, roles
from aftersales.catalog import ItemCategory, Material
from aftersales.models import Store
from aftersales.money import round_money, scale_grams

from .. import phones
from ..models import Customer, ImportStatus, Purchase, PurchaseImport
from .customers import customer_create

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
    "email": ("email", "e-mail", "邮箱", "电子邮箱"),
    "language": ("language", "语言"),
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
    ("email", "邮箱", False, gettext_lazy("Customer's e-mail, for a new file (e-mail receipts).")),
    ("language", "语言", False, gettext_lazy("Language of the customer's messages for a new file: zh-hans or en (中文, 英文).")),
]
LANGUAGE_ALIASES = {"zh-hans": "zh-hans", "zh": "zh-hans", "中文": "zh-hans", "chinese": "zh-hans", "en": "en", "英文": "en",
                    "english": "en"}

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
            out["weight"] = scale_grams(weight)
        except ValueError:
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
    out["email"] = cells.get("email", "").strip()
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            raise RowError("email", _("Not an e-mail address."))
    language = cells.get("language", "").strip().lower()
    out["language"] = LANGUAGE_ALIASES.get(language, "") if language else ""
    if language and not out["language"]:
        raise RowError("language", _("Unknown language “%(value)s”: use zh-hans or en.") % {"value": cells["language"]})
    return out


def max_bytes() -> int:
    return settings.CUSTOMERS_IMPORT_MAX_BYTES


def _check_cells(cells: list[str], row_number: int) -> None:
    for position, cell in enumerate(cells):
        if "\x00" in cell:
            raise RowError(str(position + 1), _("Row %(row)s, column %(column)s contains a NUL byte: export the file again.")
                           % {"row": row_number, "column": position + 1})


@transaction.atomic
def purchase_import_start(*, store: Store, actor, file_name: str, raw: bytes) -> PurchaseImport:
    """Check the file (size, encoding, header row) and keep it as a file; a Celery task imports the rows."""
    roles.require(actor, store, "customers.import")
    if not raw:
        raise ImportFileError(_("The file is empty."))
    if len(raw) > max_bytes():
        raise ImportFileError(_("The file is larger than %(mb)s MB: export fewer days at a time.") % {"mb": max_bytes() // (1024 * 1024)})
    text, encoding = decode(raw)
    first_line = text.split("\n", 1)[0]
    if "\x00" in first_line:
        raise ImportFileError(_("The header row contains a NUL byte: export the file again."))
    try:
        header = next(csv.reader(io.StringIO(first_line)), [])
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a readable CSV file (%(error)s).") % {"error": exc})
    if not any(cell.strip() for cell in header):
        raise ImportFileError(_("The file is empty."))
    found = _header_map(header)
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise ImportFileError(
            _("Missing column(s): %(columns)s. The first row must name the columns (see the list below).")
            % {"columns": ", ".join(f"{m} ({COLUMNS[m][2]})" for m in missing)}
        )
    batch = PurchaseImport(store=store, file_name=(file_name or "upload.csv")[:200], encoding=encoding, created_by=actor)
    batch.upload.save(f"{uuid.uuid4().hex}.csv", ContentFile(raw), save=False)
    name = batch.upload.name
    try:
        batch.save()
        audit.record(actor=actor, kind="purchase_import.started", subject=batch, store=store,
                     new={"file": batch.file_name, "encoding": encoding})
    except Exception:
        batch.upload.storage.delete(name)  # the row is not there: neither is its file
        raise
    from ..tasks import import_purchases

    transaction.on_commit(lambda: import_purchases.delay(import_id=batch.pk))
    return batch


def purchase_import_resume(*, import_id: int, actor) -> PurchaseImport:
    """Queue the import task again (a worker was lost); harmless while it runs: it carries on from the saved row."""
    batch = PurchaseImport.objects.select_related("store").get(pk=import_id)
    roles.require(actor, batch.store, "customers.import")
    if batch.status != ImportStatus.DONE:
        from ..tasks import import_purchases

        transaction.on_commit(lambda: import_purchases.delay(import_id=batch.pk))
    return batch


def _rows(batch: PurchaseImport) -> list[list[str]]:
    """The whole file parsed once (at most CUSTOMERS_IMPORT_MAX_MB): header first."""
    with batch.upload.open("rb") as handle:
        raw = handle.read()
    text = raw.decode("utf-8-sig" if batch.encoding == "UTF-8" else "gb18030")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a readable CSV file (%(error)s).") % {"error": exc})
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def purchase_import_run(*, import_id: int, batch_size: int = BATCH, max_batches: int | None = None) -> PurchaseImport:
    """Import a kept file: parsed once, then saved in batches of one transaction each.

    The progress (next row) is written after every batch, so the page's bar moves and a task
    delivered twice, or again after a lost worker, carries on where the file was left.
    """
    batch = PurchaseImport.objects.select_related("store").get(pk=import_id)
    if batch.status == ImportStatus.DONE:
        return batch
    try:
        rows = _rows(batch)
    except ImportFileError as exc:
        return _finish_unreadable(import_id, exc)
    total = max(len(rows) - 1, 0)
    if total > MAX_ROWS:
        return _finish_unreadable(import_id, ImportFileError(_("At most %(max)d rows per file; split the export.") % {"max": MAX_ROWS}))
    columns = _header_map(rows[0]) if rows else {}
    lookups = (_choice_lookup(ItemCategory), _choice_lookup(Material))
    done_batches = 0
    while max_batches is None or done_batches < max_batches:
        batch = _import_batch(import_id, rows, total, columns, lookups, batch_size)
        done_batches += 1
        if batch.status == ImportStatus.DONE:
            break
    return batch


@transaction.atomic
def _finish_unreadable(import_id: int, exc: ImportFileError) -> PurchaseImport:
    batch = PurchaseImport.objects.select_for_update().get(pk=import_id)
    batch.rejected = [*batch.rejected, {"row": 0, "field": "", "reason": " ".join(exc.messages)}]
    batch.status = ImportStatus.DONE
    batch.save(update_fields=["rejected", "status"])
    return batch


@transaction.atomic
def _import_batch(import_id: int, rows: list[list[str]], total: int, columns: dict, lookups, batch_size: int) -> PurchaseImport:
    # Locked, and next_row read again under the lock: two deliveries of the task never import a row twice.
    batch = PurchaseImport.objects.select_for_update(of=("self",)).select_related("store", "created_by").get(pk=import_id)
    if batch.status == ImportStatus.DONE:
        return batch
    batch.total_rows = total
    start, end = batch.next_row, min(batch.next_row + batch_size, total)
    rejected = list(batch.rejected)
    for index in range(start, end):
        line = rows[index + 1]
        row_number = index + 2  # as a spreadsheet shows it: the header is row 1
        if not any(cell.strip() for cell in line):
            continue
        try:
            _check_cells(line, row_number)
            cells = {key: (line[pos] if pos < len(line) else "") for key, pos in columns.items()}
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
    if end >= total:
        batch.status = ImportStatus.DONE
    batch.save()
    if batch.status == ImportStatus.DONE:
        audit.record(actor=batch.created_by, kind="purchase_import.finished", subject=batch, store=batch.store,
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
        try:
            customer = customer_create(store=batch.store, actor=batch.created_by, name=data["name"], phone=data["phone"],
                                       email=data["email"], language=data["language"], imported_by=batch)
        except ValidationError as exc:
            field, errors = next(iter(exc.message_dict.items()))
            raise RowError(field, errors[0])
        new_customer = True
    Purchase.objects.create(
        customer=customer, store=batch.store, receipt_number=data["receipt_number"], purchased_at=data["purchased_at"],
        item=data["item"], category=data.get("category", "other"), material=data.get("material", "other"),
        weight=data.get("weight"), price=data["price"], special_price=data["special_price"],
        single_use=data["single_use"], series=data["series"], source="import", import_batch=batch,
    )
    return True, new_customer
