"""Taking cases in and working on them: customers, bad input, permissions, links, attachments, print, search."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from aftersales import links, roles
from aftersales.concurrency import StaleEdit
from aftersales.models import Role
from aftersales.search import search
from customers import timeline
from customers.models import Customer
from tests.customers.factories import CustomerFactory
from tests.tickets.factories import acknowledge, category, make_case, staff
from tickets import services
from tickets.models import Case, CaseAttachment, Channel, Kind, StaffAlert, Status, Urgency


@pytest.mark.django_db
def test_a_case_without_any_contact_is_refused_and_nothing_saved(store):
    customers = Customer.objects.count()
    with pytest.raises(services.CaseError) as exc:
        services.case_create(actor=staff(store), store=store, now=timezone.now(), kind=Kind.COMPLAINT, channel=Channel.HOTLINE,
                             category=category(), description="电话投诉", phone="")
    assert "phone" in exc.value.error_dict
    assert Case.objects.count() == 0 and Customer.objects.count() == customers


@pytest.mark.django_db
def test_an_anonymous_caller_leaves_a_phone_and_gets_a_file(store):
    case = services.case_create(actor=staff(store), store=store, now=timezone.now(), kind=Kind.COMPLAINT, channel=Channel.HOTLINE,
                                category=category(), description="电话投诉", phone="138 0013 8000")
    assert case.customer.phone == "+8613800138000" and case.customer.name == "匿名来电"
    again = services.case_create(actor=staff(store), store=store, now=timezone.now(), kind=Kind.ENQUIRY, channel=Channel.HOTLINE,
                                 category=category(), description="再次来电", phone="13800138000")
    assert again.customer == case.customer  # found by the full phone


@pytest.mark.django_db
def test_the_form_token_makes_one_case_of_a_double_submit(store):
    kwargs = {"actor": staff(store), "store": store, "now": timezone.now(), "kind": Kind.COMPLAINT, "channel": Channel.IN_STORE,
              "category": category(), "description": "x", "customer": CustomerFactory(home_store=store), "token": "7d5b7d9e-3f2e-4c59-9d3e-0a4b5c6d7e8f"}
    services.case_create(**kwargs)
    with pytest.raises(services.DuplicateSubmit):
        services.case_create(**kwargs)
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_only_managers_name_or_see_the_staff_member_concerned(store, counter_client, manager_client):
    counter, manager = staff(store), staff(store, Role.MANAGER)
    with pytest.raises(roles.NotAllowed):
        make_case(store, actor=counter, staff_concerned=counter, category=category("staff_attitude"))
    case = make_case(store, actor=manager, staff_concerned=counter, category=category("staff_attitude"))
    assert 'id="staff-concerned"' in manager_client.get(case.get_absolute_url()).content.decode()
    assert 'id="staff-concerned"' not in counter_client.get(case.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_technician_may_look_but_not_handle(store):
    technician = staff(store, Role.TECHNICIAN)
    case = make_case(store)
    with pytest.raises(roles.NotAllowed):
        services.note_add(case_id=case.pk, actor=technician, now=timezone.now(), text="x")
    with pytest.raises(roles.NotAllowed):
        make_case(store, actor=technician)


@pytest.mark.django_db
def test_editing_with_a_stale_version_is_refused_and_urgency_moves_the_target(store):
    counter = staff(store)
    case = make_case(store)
    services.case_update(case_id=case.pk, actor=counter, now=timezone.now(), expected_version=case.version, urgency=Urgency.CRITICAL)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.resolution_due_at == fresh.received_at + timezone.timedelta(hours=12)
    with pytest.raises(StaleEdit):
        services.case_update(case_id=case.pk, actor=counter, now=timezone.now(), expected_version=case.version, description="y")


@pytest.mark.django_db
def test_the_seven_steps_record_who_when_and_a_note_once(store):
    counter = staff(store)
    case = acknowledge(make_case(store))
    first = services.step_record(case_id=case.pk, actor=counter, now=timezone.now(), step="listen", note="耐心倾听，未打断")
    again = services.step_record(case_id=case.pk, actor=counter, now=timezone.now(), step="listen", note="another")
    assert first.pk == again.pk and again.note == "耐心倾听，未打断" and again.done_by == counter
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_internal_notes_are_kept_apart_and_never_printed(store):
    case = acknowledge(make_case(store))
    services.note_add(case_id=case.pk, actor=staff(store), now=timezone.now(), text="内部：员工甲态度需要谈话")
    from tickets.documents import case_record_data

    record = case_record_data(case, audience="regulator")
    assert "内部" not in repr(record)
    assert case.contacts.count() == 1 and case.notes.count() == 1


@pytest.mark.django_db
def test_documents_are_linked_by_number_through_the_core_registry(store, other_store):
    from tests.repairs.factories import make_order

    case = make_case(store)
    order = make_order(store, customer=case.customer)
    services.link_add(case_id=case.pk, actor=staff(store), number=order.number.lower())
    assert case.links.get().doc_type == "repairs.repairorder"
    described = links.describe([("repairs.repairorder", order.pk)])
    assert described[("repairs.repairorder", order.pk)].number == order.number
    foreign = make_order(other_store)
    with pytest.raises(services.CaseError):  # another store's order is not found
        services.link_add(case_id=case.pk, actor=staff(store), number=foreign.number)
    strangers = make_order(store)
    with pytest.raises(services.CaseError):  # another customer's order
        services.link_add(case_id=case.pk, actor=staff(store), number=strangers.number)


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_photos_are_stored_without_exif_and_other_files_refused(store, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(store)
    raw = _jpeg_with_exif()
    assert b"SecretCam" in raw
    attachment = services.attachment_add(case_id=case.pk, actor=staff(store), now=timezone.now(), data=raw, name="p.jpg")
    stored = attachment.file.open("rb").read()
    assert b"SecretCam" not in stored and Image.open(io.BytesIO(stored)).format == "JPEG"
    with pytest.raises(ValidationError):
        services.attachment_add(case_id=case.pk, actor=staff(store), now=timezone.now(), data=b"MZ\x90\x00 not a photo", name="x.exe")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    doc = services.attachment_add(case_id=case.pk, actor=staff(store), now=timezone.now(), data=pdf, name="regulator.pdf")
    assert doc.kind == "document" and CaseAttachment.objects.count() == 2


@pytest.mark.django_db
def test_the_case_record_is_stored_with_its_hash_and_reprinted_unchanged(store, counter_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from aftersales.documents.models import StoredDocument

    case = acknowledge(make_case(store, channel=Channel.REGULATOR, regulator_number="12315-X1",
                                     regulator_reply_due=timezone.localdate() + timezone.timedelta(days=10)))
    from tests.files import files_written

    with files_written():  # the record's PDF is written when its row commits
        first = counter_client.get(f"/cases/{case.number}/print/")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf" and first.content.startswith(b"%PDF")
    counter_client.get(f"/cases/{case.number}/print/")
    regulator = counter_client.get(f"/cases/{case.number}/print/?for=regulator")
    assert regulator.status_code == 200
    docs = StoredDocument.objects.filter(subject_type="tickets.case", subject_id=case.pk)
    assert docs.count() == 2 and all(len(d.sha256) == 64 for d in docs)
    assert {d.copies for d in docs} == {"customer", "regulator"}


@pytest.mark.django_db
def test_global_search_opens_a_case_by_number_and_the_timeline_shows_it(store, counter):
    case = make_case(store)
    hits = search(user=counter, query=case.number)
    assert hits[0].exact and hits[0].url == case.get_absolute_url()
    entries = timeline.entries(case.customer, user=counter)
    assert any(case.number in e.title for e in entries)


@pytest.mark.django_db
def test_alerts_are_read_when_the_case_is_opened(store, counter, counter_client):
    case = make_case(store, actor=counter)
    StaffAlert.objects.create(user=counter, store=store, case=case, kind="ack_reminder", dedupe_key="k1", created_at=timezone.now())
    assert "nav-cases-to-ack" in counter_client.get("/cases/").content.decode()
    counter_client.get(case.get_absolute_url())
    assert StaffAlert.objects.get().read_at is not None
