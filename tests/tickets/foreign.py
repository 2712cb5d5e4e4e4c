"""Cases' URLs with arguments: how to make a record of another store (tests/test_isolation.py)."""

from datetime import date, timedelta

from tests.tickets.factories import make_case, staff


def _case(store):
    return {"number": make_case(store).number}


def _attachment(store):
    from django.core.files.base import ContentFile

    from tickets.models import AttachmentKind, CaseAttachment

    case = make_case(store)
    row = CaseAttachment(case=case, kind=AttachmentKind.PHOTO)
    row.file.save("x.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    return {"pk": row.pk}


def _action(store):
    from tickets.models import CorrectiveAction

    case = make_case(store)
    return {"pk": CorrectiveAction.objects.create(case=case, what="培训", owner=staff(store), due_date=date.today() + timedelta(days=7)).pk,
            "action": "done"}


FOREIGN = {
    "tickets:detail": _case,
    "tickets:edit": _case,
    "tickets:print": _case,
    "tickets:act": lambda store: {**_case(store), "action": "note"},
    "tickets:attachment": _attachment,
    "tickets:action_act": _action,
}
PUBLIC = {"tickets:rate"}
