"""repair_intake owns the intake's transaction; its files are written only when it commits."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from aftersales import files
from aftersales.notifications import sweeps
from customers.models import Customer
from repairs import services
from repairs.models import ItemPhoto, RepairOrder
from tests.files import files_written

from .factories import customer, item, jpeg_bytes, signature_data_url


def _storage():
    return ItemPhoto._meta.get_field("image").storage


def _stored() -> set[str]:
    """Every file under the repairs' private places, read through the storage API."""
    return {name for prefix in ("repairs/photos", "repairs/signatures") for name in files._walk(_storage(), prefix)}


@pytest.fixture
def media():
    """The files already there (other tests' rolled-back rows): each test looks at what it adds."""
    return _stored()


def _intake(store, counter, **kwargs):
    return services.repair_intake(
        actor=counter, store=store, phone="+8613812345678", customer_name="王小红", risks_acknowledged=True,
        items=[item(photos=[jpeg_bytes(), jpeg_bytes(size=(60, 40))])], signature_data_url=signature_data_url(), **kwargs)


@pytest.mark.django_db(transaction=True)
def test_a_committed_intake_writes_its_photos_and_signature(store, counter, media):
    order = _intake(store, counter)
    names = {p.image.name for p in ItemPhoto.objects.filter(item__order=order)} | {order.intake_signature.name}
    assert len(names) == 3 and _stored() - media == names
    assert Customer.objects.get().name == "王小红" and order.customer.name == "王小红"


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_photos_rolls_back_and_leaves_no_file(store, counter, media, monkeypatch):
    def broken(prices):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("repairs.services.intake.order_estimate", broken)  # runs after every item's photos
    with pytest.raises(RuntimeError):
        _intake(store, counter)
    assert not RepairOrder.objects.exists() and not ItemPhoto.objects.exists()
    assert not Customer.objects.exists()  # the new file went with the order
    assert _stored() - media == set()


@pytest.mark.django_db
def test_a_bad_photo_refuses_the_intake_before_anything_is_made(store, counter, media):
    with pytest.raises(ValidationError):
        services.repair_intake(actor=counter, store=store, phone="+8613812345678", customer_name="王小红", risks_acknowledged=True,
                               items=[item(photos=[jpeg_bytes()]), item(photos=[b"not a photo"])])
    assert not RepairOrder.objects.exists() and not Customer.objects.exists()


@pytest.mark.django_db
def test_the_service_finds_the_customer_or_says_what_to_fix(store, counter, media):
    with pytest.raises(services.IntakeCustomerError) as exc:
        services.repair_intake(actor=counter, store=store, phone="5678", risks_acknowledged=True, items=[item()])
    assert list(exc.value.error_dict) == ["phone"] and not Customer.objects.exists()
    with pytest.raises(services.IntakeCustomerError) as exc:
        services.repair_intake(actor=counter, store=store, phone="+8613812345678", risks_acknowledged=True, items=[item()])
    assert list(exc.value.error_dict) == ["customer_name"]
    known = customer(store)
    order = services.repair_intake(actor=counter, store=store, phone="5678", customer_id=known.pk, risks_acknowledged=True, items=[item()])
    assert order.customer == known and Customer.objects.count() == 1


@pytest.mark.django_db
def test_an_order_error_rolls_back_the_new_customer_file(store, counter, media):
    with pytest.raises(ValidationError):
        services.repair_intake(actor=counter, store=store, phone="+8613812345678", customer_name="王小红", risks_acknowledged=True,
                               items=[item(jobs=[])])
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_the_daily_sweep_removes_old_files_no_row_refers_to(store, counter, media):
    with files_written():
        order = _intake(store, counter)
    referenced = _stored() - media
    storage = _storage()
    orphan = storage.save("repairs/photos/2026/01/orphan.jpg", ContentFile(jpeg_bytes()))
    # The file system's clock, not the (possibly moved) test clock, dates the file.
    written = storage.get_modified_time(orphan)
    run = sweeps.run(files.SWEEP, now=written + timedelta(hours=1))  # the orphan is younger than a day: kept
    assert run.errors == 0 and storage.exists(orphan)
    run = sweeps.run(files.SWEEP, now=written + timedelta(days=2))
    assert run.errors == 0 and run.processed >= 1 and not storage.exists(orphan)
    assert len(referenced) == 3 and referenced <= _stored() and order.intake_signature.name in referenced


@pytest.mark.django_db
def test_beat_ticks_the_orphan_sweep_and_the_task_runs_it_once_a_day(settings, media):
    from aftersales.notifications.models import SweepRun
    from aftersales.tasks import remove_orphan_files

    entry = settings.CELERY_BEAT_SCHEDULE["aftersales-remove-orphan-files"]
    assert entry["task"] == "aftersales.remove_orphan_files" and entry["schedule"] <= 3600
    remove_orphan_files()
    remove_orphan_files()  # the next hourly tick: already done today
    assert SweepRun.objects.filter(name=files.SWEEP).count() == 1
