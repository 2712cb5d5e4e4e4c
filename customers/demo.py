"""Demo customers for the two stores: files, purchases, consent given and withdrawn, calls due."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from aftersales import audit, clock

from .models import ConsentChange, Customer, FollowUp, FollowUpReason, Purchase, VipTier

# name, phone, store, tier, marketing consent ("given" / "withdrawn" / None), birthday (month, day) or None
PEOPLE = [
    ("王芳", "13812345678", "HX", VipTier.VIP, "given", (3, 14)),
    ("李娜", "13900001111", "HX", VipTier.REGULAR, "given", None),
    ("张伟", "13700002222", "HX", VipTier.REGULAR, None, None),
    ("刘洋", "13600003333", "HX", VipTier.VIP, "withdrawn", (11, 30)),
    ("陈静", "15800004444", "HX", VipTier.REGULAR, "given", None),
    ("杨敏", "15900005555", "HX", VipTier.REGULAR, None, None),
    ("赵丽", "18600006666", "HX", VipTier.VIP, "given", (6, 1)),
    ("黄磊", "18700007777", "HX", VipTier.REGULAR, None, None),
    ("周杰", "18800008888", "HX", VipTier.REGULAR, "withdrawn", None),
    ("吴霞", "13500009999", "HX", VipTier.REGULAR, "given", None),
    ("徐静怡", "13811112222", "HX", VipTier.REGULAR, None, None),
    ("孙红", "13922223333", "DT", VipTier.VIP, "given", (1, 8)),
    ("马超", "13733334444", "DT", VipTier.REGULAR, None, None),
    ("朱丹", "13644445555", "DT", VipTier.REGULAR, "given", None),
    ("胡玲", "15855556666", "DT", VipTier.REGULAR, None, None),
    ("郭芳", "15966667777", "DT", VipTier.VIP, "withdrawn", None),
    ("何平", "18677778888", "DT", VipTier.REGULAR, None, None),
    ("高洁", "18788889999", "DT", VipTier.REGULAR, "given", None),
    ("林芳", "18899990000", "DT", VipTier.REGULAR, None, None),
    ("罗兰", "13512340000", "DT", VipTier.REGULAR, "given", (12, 24)),
]

# phone, receipt, days ago, item, category, material, grams, price, special price, series
PURCHASES = [
    ("13812345678", "HX20260312-0018", 250, "足金古法手镯", "bangle", "au990", "30.12", "18600.00", False, ""),
    ("13812345678", "HX20261110-0003", 12, "18K金钻石戒指", "ring", "au750", "2.85", "6880.00", False, ""),
    ("13900001111", "HX20261101-0007", 21, "伊朵儿珍珠项链", "necklace", "pearl", None, "880.00", False, "伊朵儿"),
    ("13700002222", "HX20260520-0011", 186, "S925银耳钉（特价）", "earring", "ag925", "1.20", "99.00", True, ""),
    ("13600003333", "HX20251225-0002", 332, "足金转运珠手链", "bracelet", "au990", "2.35", "1280.00", False, ""),
    ("15800004444", "HX20261115-0021", 7, "合金时尚发夹", "other", "alloy", None, "39.00", False, ""),
    ("18600006666", "HX20260801-0005", 113, "女士石英手表", "watch", "other", None, "1580.00", False, ""),
    ("13922223333", "DT20260915-0009", 68, "铂金Pt950项链", "necklace", "pt950", "4.10", "3900.00", False, ""),
    ("13733334444", "DT20261118-0001", 4, "翡翠平安扣吊坠", "pendant", "jade", None, "2600.00", False, ""),
    ("15966667777", "DT20260210-0014", 285, "伊朵儿水晶手链", "bracelet", "other", None, "268.00", True, "伊朵儿"),
]

# phone, reason, days from today (negative: overdue), context
FOLLOWUPS = [
    ("13812345678", FollowUpReason.AFTER_PICKUP, 0, "18K金钻石戒指改圈，11月18日取走"),
    ("13900001111", FollowUpReason.AFTER_PICKUP, -2, "珍珠项链重新穿珠，取件时顾客说线头有点长"),
    ("13700002222", FollowUpReason.AFTER_CASE, -5, "投诉：银耳钉发黑，已清洗并说明保养方法"),
    ("15800004444", FollowUpReason.CLEANING, 0, "半年免费清洗提醒"),
    ("18600006666", FollowUpReason.VIP_CARE, -1, "VIP季度关怀"),
    ("13922223333", FollowUpReason.AFTER_PICKUP, 0, "铂金项链接口焊接"),
    ("13644445555", FollowUpReason.HOLIDAY, -3, "中秋问候"),
    ("13733334444", FollowUpReason.AFTER_PICKUP, 3, "翡翠吊坠换扣，下周回访"),
]


def _at(days_ago: int) -> datetime:
    day = clock.today() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(15, 30)))


def seed(ctx: dict) -> None:
    stores, users = ctx["stores"], ctx["users"]
    customers = {}
    for name, phone, code, tier, consent, birthday in PEOPLE:
        e164 = f"+86{phone}"
        store = stores[code]
        actor = users["counter"] if code == "HX" else users["counter2"]
        customer = Customer.objects.filter(phone=e164, merged_into__isnull=True).first()
        if customer is None:
            customer = Customer.objects.create(
                name=name, phone=e164, phone_last4=phone[-4:], home_store=store, vip_tier=tier,
                birthday=datetime(1985, *birthday).date() if birthday else None, created_by=actor,
                preferences="足金、手镯 17 号" if tier == VipTier.VIP else "",
            )
            audit.record(actor=actor, kind="customer.created", subject=customer, store=store, new={"name": name, "demo": True})
            if consent:
                changes = [(True, 200)] + ([(False, 30)] if consent == "withdrawn" else [])
                for given, days in changes:
                    ConsentChange.objects.create(customer=customer, given=given, method="signed" if given else "phone",
                                                 at=_at(days), store=store, actor=actor)
                customer.marketing_consent = consent == "given"
                customer.marketing_consent_at = _at(changes[-1][1])
                customer.save(update_fields=["marketing_consent", "marketing_consent_at"])
        customers[phone] = customer
    for phone, receipt, days, item, category, material, grams, price, special, series in PURCHASES:
        customer = customers[phone]
        Purchase.objects.get_or_create(
            store=customer.home_store, receipt_number=receipt, item=item,
            defaults={"customer": customer, "purchased_at": _at(days), "category": category, "material": material,
                      "weight": Decimal(grams) if grams else None, "price": Decimal(price), "special_price": special,
                      "series": series},
        )
    today = clock.today()
    for phone, reason, offset, context in FOLLOWUPS:
        customer = customers[phone]
        if reason in FollowUpReason.marketing() and not customer.marketing_consent:
            continue
        due = today + timedelta(days=offset)
        # Keyed on the reason and context, not the date: a second seed on a later day adds nothing.
        if FollowUp.objects.filter(customer=customer, reason=reason, context=context).exists():
            continue
        FollowUp.objects.create(customer=customer, store=customer.home_store, reason=reason, due_date=due,
                                next_try_on=due, context=context)
    # The outbox's demo (loaded after every app) writes its messages to this store's first customer.
    ctx["recipients"] = {code: Customer.objects.filter(home_store=store).order_by("pk").first() for code, store in stores.items()}
