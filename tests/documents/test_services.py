"""Stored copies: an unchanged reprint serves the stored file; a change prints version n + 1."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage

from aftersales import audit
from aftersales.documents import rendering, samples, selectors
from aftersales.documents.data import fingerprint
from aftersales.documents.services import StoredDocumentDamaged, document_get_or_render
from tests.files import files_written

from . import pdftools

pytestmark = pytest.mark.django_db


def test_first_print_is_stored_with_its_sha256_and_an_event(store, counter):
    with files_written():  # the PDF is written when the row commits
        doc = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    pdf = doc.read()
    assert doc.version == 1 and doc.store == store and doc.created_by == counter
    assert doc.sha256 == hashlib.sha256(pdf).hexdigest()
    assert default_storage.open(doc.file).read() == pdf
    assert doc.file.startswith("documents/")
    events = list(audit.history(store))
    assert [e.kind for e in events] == ["document.stored"]
    assert events[0].new["sha256"] == doc.sha256 and events[0].actor == counter


def test_same_data_serves_the_stored_file(store, counter, monkeypatch):
    with files_written():
        first = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    monkeypatch.setattr("aftersales.documents.services.render_document", lambda *a, **k: pytest.fail("rendered again"))
    again = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    assert again.pk == first.pk
    assert again.read() == first.read()
    assert audit.history(store).count() == 1


def test_changed_data_prints_version_2_marked_as_such(store, counter):
    first = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    changed = samples.sample_receipt(promised_date=samples.sample_receipt().promised_date.replace(day=30))
    second = document_get_or_render(kind="receipt", subject=store, data=changed, actor=counter)
    assert second.version == 2 and second.pk != first.pk and second.sha256 != first.sha256
    text = pdftools.text(second.read()).replace("\n", "")
    assert "第 2 版：资料变更后重印，取代第 1 版" in text and "2026-11-30" in text
    assert "重印" not in pdftools.text(first.read())
    assert [e.new["version"] for e in audit.history(store)] == [1, 2]
    assert selectors.latest_document(kind="receipt", subject=store) == second
    # Going back to the first data is still a change after version 2: version 3.
    third = document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    assert third.version == 3


def test_kinds_are_versioned_separately(store, counter):
    document_get_or_render(kind="receipt", subject=store, data=samples.sample_receipt(), actor=counter)
    tag = document_get_or_render(kind="tag", subject=store, data=samples.sample_tag(), actor=counter)
    assert tag.version == 1


def test_a_damaged_stored_file_is_detected(store, counter):
    with files_written():
        doc = document_get_or_render(kind="tag", subject=store, data=samples.sample_tag(), actor=counter)
    with default_storage.open(doc.file, "wb") as fh:
        fh.write(b"%PDF-1.7 tampered")
    fresh = type(doc).objects.get(pk=doc.pk)
    with pytest.raises(StoredDocumentDamaged):
        fresh.read()


def test_fingerprint_is_canonical():
    a, b = samples.sample_receipt(), samples.sample_receipt()
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(samples.sample_receipt(deposit=a.deposit + 1))
    # 50 and 50.00 yuan print the same, so they are the same input.
    from decimal import Decimal

    assert fingerprint(samples.sample_receipt(deposit=Decimal("50"))) == fingerprint(samples.sample_receipt(deposit=Decimal("50.00")))


def test_photo_given_as_a_media_path_is_fingerprinted_by_content(settings, tmp_path):
    import dataclasses

    (tmp_path / "media" / "photos").mkdir(parents=True)
    path = tmp_path / "media" / "photos" / "a.jpg"
    path.write_bytes(samples.sample_photo())
    data = samples.sample_receipt(items=1)
    with_path = dataclasses.replace(data, items=(dataclasses.replace(data.items[0], photo="photos/a.jpg"),))
    before = fingerprint(with_path)
    assert rendering.document_context("receipt", with_path)["items"][0]["photo"].startswith("data:image/jpeg")
    path.write_bytes(samples.sample_photo((10, 10, 10)))
    assert fingerprint(with_path) != before
    outside = dataclasses.replace(data, items=(dataclasses.replace(data.items[0], photo="../../../etc/passwd"),))
    assert rendering.document_context("receipt", outside)["items"][0]["photo"] == ""
