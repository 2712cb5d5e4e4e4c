"""Old pieces: photos through the core image helper, purity tests by the workshop; demo and beat."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from tests.conftest import login
from tradein.models import OldPiecePhoto, PurityTest, Quote, QuoteStatus, Rule

from .helpers import make_quote

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"
    Image.new("RGB", (40, 30), (200, 150, 50)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photo_is_re_encoded_without_exif_and_served_to_the_store_only(store, counter, other_counter):
    quote = make_quote(store, actor=counter)
    piece = quote.old_pieces.get()
    upload = io.BytesIO(_jpeg_with_gps())
    upload.name = "p.jpg"
    response = login(counter).post(reverse("tradein:act", kwargs={"number": quote.number, "action": "photo"}),
                                   {"piece": piece.pk, "photos": upload})
    assert response.status_code == 302
    photo = OldPiecePhoto.objects.get()
    served = login(counter).get(reverse("tradein:photo", kwargs={"pk": photo.pk}))
    data = b"".join(served.streaming_content)
    assert Image.open(io.BytesIO(data)).getexif().get(0x010F) is None
    assert login(other_counter).get(reverse("tradein:photo", kwargs={"pk": photo.pk})).status_code == 404


def test_not_a_photo_is_refused(store, counter):
    quote = make_quote(store, actor=counter)
    upload = io.BytesIO(b"%PDF-1.4 not an image")
    upload.name = "x.jpg"
    login(counter).post(reverse("tradein:act", kwargs={"number": quote.number, "action": "photo"}),
                        {"piece": quote.old_pieces.get().pk, "photos": upload})
    assert not OldPiecePhoto.objects.exists()


def test_technician_records_a_melt_test_on_the_page(store, technician):
    quote = make_quote(store)
    piece = quote.old_pieces.get()
    client = login(technician)
    url = reverse("tradein:act", kwargs={"number": quote.number, "action": "test"})
    bad = client.post(url, {"piece": piece.pk, "method": "fire_assay", "reading": "1001", "version": quote.version})
    assert bad.status_code == 400 and not PurityTest.objects.exists()
    worse = client.post(url, {"piece": piece.pk, "method": "fire_assay", "reading": "995", "weight_before_melt": "20",
                              "weight_after_melt": "20.5", "version": quote.version})
    assert worse.status_code == 400 and not PurityTest.objects.exists()
    ok = client.post(url, {"piece": piece.pk, "method": "fire_assay", "reading": "995.5", "weight_before_melt": "20",
                           "weight_after_melt": "19.7", "version": quote.version})
    assert ok.status_code == 302
    test = PurityTest.objects.get()
    assert (test.reading, test.weight_after_melt, test.tested_by) == (Decimal("995.5"), Decimal("19.700"), technician)


def test_price_lock_sweep_is_on_the_beat_schedule():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e.get("args") == ["tradein.price_lock_expiry"]]
    assert entries and entries[0]["task"] == "notifications.run_sweep"


def test_demo_has_rules_for_ours_and_other_brands_and_quotes_in_each_state():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert set(Rule.objects.values_list("origin", flat=True)) == {"ours", "other"}
    states = list(Quote.objects.values_list("status", flat=True))
    assert sorted(states) == sorted(QuoteStatus.values)
