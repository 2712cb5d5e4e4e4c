"""Issue 11, case 3: the till CSV import is bounded, kept as a file, parsed once by a task, and names NUL bytes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers import services
from customers.models import Purchase, PurchaseImport
from customers.services import pos_import
from customers.services.pos_import import ImportFileError

pytestmark = pytest.mark.django_db

HEADER = "小票号,购买日期,手机,姓名,商品,金额\n"


def _rows(n: int) -> str:
    return "".join(f"R-{i},2025-06-01,138{i:08d},王芳,足金戒指{i},100\n" for i in range(n))


def test_a_file_over_the_limit_is_refused_on_the_page_before_it_is_read(counter_client, store, settings):
    settings.CUSTOMERS_IMPORT_MAX_BYTES = 1024
    page = counter_client.get("/customers/import/")
    assert "id=\"import-size-limit\"" in page.content.decode()
    upload = SimpleUploadedFile("pos.csv", (HEADER + _rows(40)).encode(), content_type="text/csv")
    response = counter_client.post("/customers/import/", {"file": upload})
    assert response.status_code == 200 and not PurchaseImport.objects.exists()


def test_the_service_refuses_a_file_over_the_limit_too(store, counter, settings):
    settings.CUSTOMERS_IMPORT_MAX_BYTES = 1024
    with pytest.raises(ImportFileError):
        services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=(HEADER + _rows(40)).encode())


def test_the_upload_is_kept_as_a_file_not_in_a_column(store, counter):
    raw = (HEADER + _rows(3)).encode()
    batch = services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=raw)
    assert not hasattr(PurchaseImport, "content")
    with batch.upload.open("rb") as kept:
        assert kept.read() == raw


def test_the_file_is_parsed_once_however_many_batches(store, counter, monkeypatch):
    batch = services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=(HEADER + _rows(1000)).encode())
    calls = []
    real = pos_import._rows
    monkeypatch.setattr(pos_import, "_rows", lambda b: calls.append(b.pk) or real(b))
    batch = services.purchase_import_run(import_id=batch.pk, batch_size=200)
    assert batch.status == "done" and batch.created_count == 1000
    assert calls == [batch.pk]


def test_upload_queues_the_import_task_on_commit(counter_client, store, django_capture_on_commit_callbacks, monkeypatch):
    from customers import tasks

    queued = []
    monkeypatch.setattr(tasks.import_purchases, "delay", lambda **kw: queued.append(kw))
    upload = SimpleUploadedFile("pos.csv", (HEADER + _rows(2)).encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        counter_client.post("/customers/import/", {"file": upload})
    assert queued == [{"import_id": PurchaseImport.objects.get().pk}]
    assert not Purchase.objects.exists()  # nothing imported inside the request


def test_a_nul_byte_rejects_its_row_naming_row_and_column(store, counter):
    text = HEADER + "A-1,2025-06-01,13812345678,王芳,戒指,100\n" + "A-2,2025-06-01,13812345679,王\x00芳,项链,100\n"
    batch = services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=text.encode())
    batch = services.purchase_import_run(import_id=batch.pk)
    assert batch.created_count == 1
    assert batch.rejected == [{"row": 3, "field": "4", "reason": batch.rejected[0]["reason"]}]
    assert "3" in batch.rejected[0]["reason"] and "4" in batch.rejected[0]["reason"]


def test_a_nul_byte_in_the_header_refuses_the_file(store, counter):
    with pytest.raises(ImportFileError):
        services.purchase_import_start(store=store, actor=counter, file_name="x.csv", raw=("小票号,购买日期,手机\x00,商品,金额\n").encode())
