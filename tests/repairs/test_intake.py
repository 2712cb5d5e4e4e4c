from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from aftersales.models import Event
from customers.models import Customer
from repairs import services
from repairs.models import ItemPhoto, Payment, RepairOrder, Status
from tests.files import files_written

from .factories import customer, item, jpeg_bytes, make_order, service


@pytest.mark.django_db
def test_intake_creates_order_items_jobs_with_policy_snapshot(store, counter):
    order = services.repair_create(
        actor=counter, store=store, customer=customer(store), risks_acknowledged=True, deposit=Decimal("20"), deposit_method="cash",
        items=[item(), item(material="pt950", description="铂金项链", category="necklace",
                            jobs=[{"service_type": service("resolder"), "quantity": 1}, {"service_type": service("replace-stone"), "quantity": 3}])],
    )
    assert order.number.startswith("HX-R")
    assert order.status == Status.RECEIVED
    assert order.items.count() == 2
    jobs = list(order.items.get(position=2).jobs.order_by("pk"))
    assert jobs[0].decision["outcome"] == "standard" and jobs[0].decision["text_zh"]
    assert jobs[0].price == Decimal("30.00")
    assert jobs[1].price == Decimal("0.90")  # 0.30 per stone × 3
    assert order.estimate == Decimal("60.90")  # polish 30 + resolder 30 + stones 0.90
    assert not order.needs_quote
    codes = [r["code"] for r in order.risk_disclosures]
    assert codes[0] == "general" and "platinum" in codes and "polish" in codes and "stones" in codes
    assert len(codes) == len(set(codes))
    assert order.risk_disclosures[0]["text_zh"] == "维修只能尽量恢复原貌，无法恢复如新。"
    assert order.risk_acknowledged_at is not None
    assert Payment.objects.get(order=order).amount == Decimal("20.00")
    assert order.promised_date > timezone.localdate()
    assert Event.objects.filter(kind="repair.created", subject_id=order.pk).count() == 1


@pytest.mark.django_db
def test_weight_kept_to_scale_precision(store, counter):
    order = make_order(store, items=[item(intake_weight=Decimal("12.345"))])
    assert order.items.get().intake_weight == Decimal("12.350")


@pytest.mark.django_db
@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-1"), Decimal("2000.01"), None])
def test_bad_weight_is_refused_and_nothing_created(store, counter, weight):
    with pytest.raises(ValidationError):
        services.repair_create(actor=counter, store=store, customer=customer(store), risks_acknowledged=True, items=[item(intake_weight=weight)])
    assert RepairOrder.objects.count() == 0


@pytest.mark.django_db
def test_bad_money_and_dates_are_refused(store, counter):
    cust = customer(store)
    with pytest.raises(ValidationError):
        services.repair_create(actor=counter, store=store, customer=cust, risks_acknowledged=True, items=[item()], deposit=Decimal("-5"), deposit_method="cash")
    with pytest.raises(ValidationError):
        services.repair_create(actor=counter, store=store, customer=cust, risks_acknowledged=True, items=[item()], do_not_exceed=Decimal("-1"))
    with pytest.raises(ValidationError):
        services.repair_create(actor=counter, store=store, customer=cust, risks_acknowledged=True, items=[item()],
                               promised_date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.repair_create(actor=counter, store=store, customer=cust, risks_acknowledged=False, items=[item()])
    with pytest.raises(ValidationError):
        services.repair_create(actor=counter, store=store, customer=cust, risks_acknowledged=True, items=[item(jobs=[])])
    assert RepairOrder.objects.count() == 0


@pytest.mark.django_db
def test_quote_after_inspection_needs_quote(store, counter):
    order = make_order(store, jobs=[{"service_type": service("add-fitting"), "quantity": 1}])
    assert order.needs_quote and order.estimate == Decimal("0.00")


@pytest.mark.django_db
def test_photo_is_reencoded_without_exif(store, counter):
    order = make_order(store)
    with files_written():
        photo = services.repair_add_photo(order_id=order.pk, item_id=order.items.get().pk, data=jpeg_bytes(exif=True), actor=counter)
    with photo.image.open("rb") as fh:
        image = Image.open(fh)
        assert not image.getexif()
    assert "/media/" not in photo.image.path or "private" in photo.image.path


@pytest.mark.django_db
def test_not_an_image_and_too_big_are_refused(store, counter, settings):
    order = make_order(store)
    item_id = order.items.get().pk
    with pytest.raises(ValidationError):
        services.repair_add_photo(order_id=order.pk, item_id=item_id, data=b"%PDF-1.4 not a photo", actor=counter)
    from repairs import images

    with pytest.raises(ValidationError):
        images.clean_image(jpeg_bytes(), max_bytes=10)
    assert ItemPhoto.objects.count() == 0


def intake_post(**overrides):
    data = {
        "submit_token": "2b0f6a52-4c3e-4d1b-9a11-0d5f7a3c9e01",
        "phone": "13812345678", "customer_name": "王小红", "risks_acknowledged": "on",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "20",
        "items-0-category": "ring", "items-0-material": "au990", "items-0-description": "足金戒指", "items-0-piece_count": "1",
        "items-0-intake_weight": "5.12", "items-0-stone_count": "0", "items-0-job1": str(service("polish").pk), "items-0-qty1": "1",
        "items-0-scratches": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_intake_page_creates_customer_and_order(counter_client, store):
    assert counter_client.get(reverse("repairs:intake")).status_code == 200
    response = counter_client.post(reverse("repairs:intake"), intake_post())
    order = RepairOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("repairs:detail", kwargs={"number": order.number})
    assert order.customer.phone == "+8613812345678" and order.customer.name == "王小红"
    assert order.items.get().scratches


@pytest.mark.django_db
def test_double_submitted_intake_creates_one_order(counter_client, store):
    first = counter_client.post(reverse("repairs:intake"), intake_post())
    second = counter_client.post(reverse("repairs:intake"), intake_post())
    assert RepairOrder.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


@pytest.mark.django_db
def test_intake_finds_existing_customer_by_phone(counter_client, store):
    existing = customer(store, phone="+8613812345678", name="老客户")
    counter_client.post(reverse("repairs:intake"), intake_post(customer_name=""))
    assert RepairOrder.objects.get().customer == existing
    assert Customer.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("field,value", [("items-0-intake_weight", "0"), ("items-0-intake_weight", "-2"), ("items-0-intake_weight", "2500"),
                                         ("items-0-intake_weight", "abc"), ("deposit", "-1"), ("promised_date", "2000-01-01"),
                                         ("phone", "123"), ("risks_acknowledged", "")])
def test_bad_intake_keeps_what_was_typed(counter_client, store, field, value):
    response = counter_client.post(reverse("repairs:intake"), intake_post(**{field: value}))
    assert response.status_code == 200
    assert RepairOrder.objects.count() == 0
    assert "足金戒指" in response.content.decode()


@pytest.mark.django_db
def test_intake_signature_kept_and_served_scoped(counter_client, store, other_counter):
    from tests.conftest import login

    from .factories import signature_data_url

    with files_written():
        counter_client.post(reverse("repairs:intake"), intake_post(signature=signature_data_url()))
    order = RepairOrder.objects.get()
    assert order.intake_signature
    url = reverse("repairs:intake_signature", kwargs={"number": order.number})
    assert counter_client.get(url)["Content-Type"] == "image/png"
    assert login(other_counter).get(url).status_code == 404


@pytest.mark.django_db
def test_bad_intake_signature_refused(store, counter):
    with pytest.raises(ValidationError):
        services.repair_create(actor=counter, store=store, customer=customer(store), risks_acknowledged=True, items=[item()],
                               signature_data_url="data:image/png;base64,bm90IGEgcG5n")
    assert RepairOrder.objects.count() == 0
