from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from customers import services
from customers.models import Customer, Purchase, PurchaseImport
from customers.services.pos_import import ImportFileError
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.django_db

HEADER = "小票号,购买日期,手机,姓名,商品,金额,品类,材质,克重,特价,系列\n"
GOOD = (
    "HX-1,2026-01-05 10:00,13812345678,王芳,足金转运珠手链,1280.00,手链,足金,2.35,0,\n"
    "HX-1,2026-01-05 10:00,13812345678,王芳,S925耳钉,199,耳饰,S925,,1,\n"
    "HX-2,2025/06/01,13900001111,李娜,伊朵儿珍珠项链,880,necklace,pearl,,0,伊朵儿\n"
)


def _start(store, user, text, encoding="utf-8", name="pos.csv"):
    return services.purchase_import_start(store=store, actor=user, file_name=name, raw=text.encode(encoding))


def _run(batch, user, size=200):
    while batch.status != "done":
        batch = services.purchase_import_step(import_id=batch.pk, actor=user, batch_size=size)
    return batch


def test_purchase_by_hand(store, counter):
    c = CustomerFactory(home_store=store)
    p = services.purchase_create(customer_id=c.pk, store=store, actor=counter, receipt_number="HX-9", item="足金戒指",
                                 purchased_at=timezone.now() - timedelta(days=1), price=Decimal("2000.005"),
                                 material="au990", weight=Decimal("3.210"), special_price=True, series="古法")
    assert p.price == Decimal("2000.01") and p.special_price and p.series == "古法" and p.source == "manual"
    with pytest.raises(ValidationError) as exc:
        services.purchase_create(customer_id=c.pk, store=store, actor=counter, receipt_number="HX-9", item="足金戒指",
                                 purchased_at=timezone.now(), price=Decimal("1"))
    assert "receipt_number" in exc.value.error_dict


def test_purchase_in_the_future_is_refused(store, counter):
    c = CustomerFactory(home_store=store)
    with pytest.raises(ValidationError) as exc:
        services.purchase_create(customer_id=c.pk, store=store, actor=counter, receipt_number="X", item="戒指",
                                 purchased_at=timezone.now() + timedelta(days=2), price=Decimal("1"))
    assert "purchased_at" in exc.value.error_dict


def test_utf8_import_makes_purchases_and_customers_and_is_idempotent(store, counter):
    batch = _run(_start(store, counter, HEADER + GOOD), counter)
    assert batch.encoding == "UTF-8"
    assert (batch.created_count, batch.skipped_count, batch.customers_created, batch.rejected) == (3, 0, 2, [])
    wang = Customer.objects.get(phone="+8613812345678")
    assert wang.purchases.count() == 2
    pearl = Purchase.objects.get(receipt_number="HX-2")
    assert (pearl.material, pearl.category, pearl.series, pearl.source) == ("pearl", "necklace", "伊朵儿", "import")
    assert Purchase.objects.get(item="S925耳钉").special_price
    again = _run(_start(store, counter, HEADER + GOOD), counter)
    assert (again.created_count, again.skipped_count, again.customers_created) == (0, 3, 0)
    assert Purchase.objects.count() == 3 and Customer.objects.count() == 2


def test_gbk_file_is_detected_and_read(store, counter):
    batch = _run(_start(store, counter, HEADER + GOOD, encoding="gbk"), counter)
    assert batch.encoding == "GB18030"
    assert batch.created_count == 3
    assert Customer.objects.filter(name="王芳").exists()


def test_utf8_with_bom_is_read(store, counter):
    batch = _start(store, counter, "\ufeff" + HEADER + GOOD)
    assert batch.encoding == "UTF-8" and batch.total_rows == 3


def test_missing_columns_are_named_and_nothing_is_kept(store, counter):
    with pytest.raises(ImportFileError) as exc:
        _start(store, counter, "小票号,手机,商品\nA,13812345678,戒指\n")
    message = exc.value.messages[0]
    assert "purchased_at" in message and "price" in message
    assert not PurchaseImport.objects.exists()


def test_empty_and_binary_files_are_refused(store, counter):
    with pytest.raises(ImportFileError):
        services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=b"")
    with pytest.raises(ImportFileError):
        services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=b"\xff\xfe\x00\x81\x30\x81\xff")


def test_each_bad_row_is_reported_with_row_field_and_reason_and_nothing_half_saved(store, counter):
    rows = (
        "A-1,2026-01-05,13812345678,王芳,足金戒指,1000,,,,,\n"      # row 2 good
        "A-2,2026-01-05,12345,张三,足金戒指,1000,,,,,\n"            # row 3 bad phone
        "A-3,not a date,13812345678,王芳,戒指,1000,,,,,\n"          # row 4 bad date
        "A-4,2026-01-05,13700000000,,手链,500,,,,,\n"               # row 5 new phone, no name
        "A-5,2026-01-05,13812345678,王芳,手链,abc,,,,,\n"           # row 6 bad price
        "A-6,2099-01-05,13812345678,王芳,手链,1,,,,,\n"             # row 7 future
        "A-7,2026-01-05,13812345678,王芳,手链,1,,铜,,,\n"           # row 8 unknown material
        "A-8,2026-01-05,13812345678,王芳,手链,1,,,,maybe,\n"        # row 9 bad flag
    )
    batch = _run(_start(store, counter, HEADER + rows), counter, size=3)
    assert batch.created_count == 1
    assert [(r["row"], r["field"]) for r in batch.rejected] == [
        (3, "phone"), (4, "purchased_at"), (5, "name"), (6, "price"), (7, "purchased_at"), (8, "material"), (9, "special_price"),
    ]
    assert all(r["reason"] for r in batch.rejected)
    # row 5 would have made a customer before failing on the missing name: nothing of it remains
    assert not Customer.objects.filter(phone="+8613700000000").exists()
    assert list(Purchase.objects.values_list("receipt_number", flat=True)) == ["A-1"]


def test_progress_moves_in_steps(store, counter):
    batch = _start(store, counter, HEADER + GOOD)
    batch = services.purchase_import_step(import_id=batch.pk, actor=counter, batch_size=2)
    assert (batch.next_row, batch.percent, batch.status) == (2, 66, "running")
    batch = services.purchase_import_step(import_id=batch.pk, actor=counter, batch_size=2)
    assert (batch.percent, batch.status) == (100, "done")


def test_import_pages_upload_step_json_and_report(counter_client, store):
    page = counter_client.get("/customers/import/")
    assert page.status_code == 200 and "receipt_number" in page.content.decode()
    upload = SimpleUploadedFile("pos.csv", (HEADER + GOOD + "B,2026-01-01,1,x,y,1,,,,,\n").encode("gbk"), content_type="text/csv")
    response = counter_client.post("/customers/import/", {"file": upload})
    batch = PurchaseImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/customers/import/{batch.pk}/"
    step = counter_client.post(f"/customers/import/{batch.pk}/step/", HTTP_ACCEPT="application/json")
    assert step.json()["done"] is True and step.json()["added"] == 3 and step.json()["rejected"] == 1
    detail = counter_client.get(f"/customers/import/{batch.pk}/").content.decode()
    assert "GB18030" in detail and 'id="rejected-rows"' in detail and "<td>5</td>" in detail


def test_import_page_names_missing_columns(counter_client, store):
    upload = SimpleUploadedFile("pos.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = counter_client.post("/customers/import/", {"file": upload})
    assert response.status_code == 200
    assert "receipt_number" in response.content.decode()
    assert not PurchaseImport.objects.exists()


def test_add_purchase_page_keeps_input_on_error(counter_client, store):
    c = CustomerFactory(home_store=store)
    response = counter_client.post(f"/customers/{c.pk}/purchases/new/", {
        "receipt_number": "HX-1", "purchased_at": "2099-01-01T10:00", "item": "足金戒指", "category": "ring",
        "material": "au990", "price": "100",
    })
    assert response.status_code == 200 and "足金戒指" in response.content.decode()
    assert not Purchase.objects.exists()
    ok = counter_client.post(f"/customers/{c.pk}/purchases/new/", {
        "receipt_number": "HX-1", "purchased_at": "2025-01-01T10:00", "item": "足金戒指", "category": "ring",
        "material": "au990", "price": "100", "submit_token": "8a4c8f7e-1111-4a5b-9c9d-000000000001",
    })
    assert ok.status_code == 302 and Purchase.objects.count() == 1


def test_unreadable_csv_is_refused_not_a_crash(store, counter):
    with pytest.raises(ImportFileError):
        services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=HEADER.encode() + b'A,"' + b"x" * 200_000 + b'"\n')
