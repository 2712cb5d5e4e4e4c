"""Sample documents with Chinese text: for the tests, the benchmark and the README picture."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from aftersales.catalog import ItemCategory, Material

from . import texts
from .data import ItemTag, PickupLine, PickupSlip, ReceiptItem, ReceiptJob, RepairReceipt, StoreInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


@lru_cache(maxsize=4)
def sample_photo(colour: tuple[int, int, int] = (212, 175, 55)) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), (245, 245, 240))
    draw = ImageDraw.Draw(img)
    draw.ellipse((170, 90, 470, 390), outline=colour, width=38)
    draw.ellipse((290, 60, 350, 120), fill=(180, 220, 255), outline=(90, 90, 90), width=4)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


@lru_cache(maxsize=1)
def sample_signature() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("LA", (400, 120), (255, 0))
    draw = ImageDraw.Draw(img)
    draw.line([(20, 90), (60, 30), (90, 95), (130, 25), (170, 80), (230, 40), (300, 85), (380, 50)], fill=(0, 255), width=5)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def sample_store(**overrides) -> StoreInfo:
    values = {"name": "黄兴店", "code": "HX", "address": "长沙市黄兴南路步行街 88 号", "phone": "0731-8888 1001"}
    values.update(overrides)
    return StoreInfo(**values)


def sample_receipt(*, items: int = 3, **overrides) -> RepairReceipt:
    catalogue = [
        ReceiptItem(
            category=ItemCategory.BANGLE, material=Material.GOLD_999, hallmark="足金999", description="古法足金手镯，龙凤纹",
            intake_weight=Decimal("32.47"), stone_count=0, condition="外圈有多处划痕，开口处轻微变形",
            photo=sample_photo(), declared_value=Decimal("21000.00"),
            jobs=(
                ReceiptJob(label="整形", decision="本项目按本店标准价格收费。", price=Decimal("80.00")),
                ReceiptJob(label="抛光", decision="本店售出的足金饰品，购买一年内免费抛光。", price=Decimal("0.00")),
            ),
        ),
        ReceiptItem(
            category=ItemCategory.RING, material=Material.PT_950, hallmark="Pt950", description="铂金钻戒，六爪镶，主石 0.30 克拉",
            intake_weight=Decimal("4.06"), stone_count=7, condition="一颗副石缺失，主石一爪松动",
            photo=sample_photo((170, 170, 180)),
            jobs=(ReceiptJob(label="补钻", decision="购买一个月后补钻按每粒 0.3 元收费（特殊宝石除外）。", price=Decimal("0.30"), quantity=1),
                  ReceiptJob(label="紧爪", decision="本项目按本店标准价格收费。", price=Decimal("30.00"))),
        ),
        ReceiptItem(
            category=ItemCategory.NECKLACE, material=Material.PEARL, description="淡水珍珠项链，约 45 厘米",
            intake_weight=Decimal("28.90"), stone_count=0, condition="线已断，珠子 52 粒，已清点装袋",
            photo=None,
            jobs=(ReceiptJob(label="穿珠", decision="该系列终身免费穿珠，配件按成本价收取。", price=None),),
        ),
    ]
    values = {
        "store": sample_store(),
        "number": "HX-R2611-00042",
        "created_at": datetime(2026, 11, 22, 10, 35, tzinfo=SHANGHAI),
        "customer_name": "王*",
        "customer_phone": "138****5678",
        "items": tuple(catalogue[i % len(catalogue)] for i in range(items)),
        "quote_total": Decimal("110.30"),
        "deposit": Decimal("50.00"),
        "promised_date": date(2026, 11, 29),
        "rush": False,
        "pickup_terms": "凭本单取件。维修完成后本店将通知您取件；请在通知后一个月内取回。",
        "risk_disclosures": texts.default_risk_disclosures("zh-hans"),
        "risk_acknowledged": True,
        "signature": sample_signature(),
        "status_url": "https://desk.example.cn/documents/s/Sample0Token0Value0000000/",
        "copies": ("customer",),
        "language": "zh-hans",
        "staff_name": "李小",
    }
    values.update(overrides)
    return RepairReceipt(**values)


def sample_tag(**overrides) -> ItemTag:
    values = {
        "store": sample_store(),
        "number": "HX-R2611-00042",
        "customer_surname": "王",
        "items": ("手镯 · 足金", "戒指 · 铂金", "项链 · 珍珠"),
        "promised_date": date(2026, 11, 29),
        "rush": True,
    }
    values.update(overrides)
    return ItemTag(**values)


def sample_pickup_slip(**overrides) -> PickupSlip:
    values = {
        "store": sample_store(),
        "number": "HX-R2611-00042",
        "collected_at": datetime(2026, 11, 29, 16, 5, tzinfo=SHANGHAI),
        "customer_name": "王*",
        "lines": (
            PickupLine("古法足金手镯，龙凤纹", ItemCategory.BANGLE, Material.GOLD_999, Decimal("32.47"), Decimal("32.21")),
            PickupLine("铂金钻戒", ItemCategory.RING, Material.PT_950, Decimal("4.06"), Decimal("4.07")),
        ),
        "amount_paid": Decimal("60.30"),
        "payment_method": "微信支付",
        "collected_by": "李*",
        "on_behalf_of": "王*",
        "authorisation": "书面委托书 + 代取人身份证核验",
        "signature": sample_signature(),
        "staff_name": "李小",
    }
    values.update(overrides)
    return PickupSlip(**values)
