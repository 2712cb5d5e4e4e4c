"""Trade-in URLs with arguments, for tests/test_isolation.py: every record belongs to a store."""

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.tradein.helpers import accepted_quote, make_quote, make_rule, set_price
from tradein.models import OldPiecePhoto, RefineryLot


def _quote(store):
    return {"number": make_quote(store).number}


def _signed(store):
    make_rule(store=store, code=f"SIG-{store.code}")
    set_price(store)
    return {"number": accepted_quote(store).number}


def _act(store):
    return {"number": make_quote(store).number, "action": "price"}


def _rule(store):
    return {"pk": make_rule(store=store, code=f"S-{store.code}", publish=False).pk}


def _rule_move(store):
    return {"pk": make_rule(store=store, code=f"S-{store.code}", publish=False).pk, "action": "publish"}


def _photo(store):
    quote = make_quote(store)
    photo = OldPiecePhoto(piece=quote.old_pieces.first())
    photo.image.save("x.jpg", ContentFile(b"not shown"), save=True)
    return {"pk": photo.pk}


def _lot(store):
    from tests.conftest import make_user

    lot = RefineryLot.objects.create(number=f"{store.code}-L-{RefineryLot.objects.count() + 1}", store=store, metal="gold", fineness=999,
                                     grams=1, refinery="x", sent_at=timezone.now(), sent_by=make_user(f"lot{RefineryLot.objects.count()}", "manager", store))
    return {"pk": lot.pk}


FOREIGN = {
    "tradein:detail": _quote,
    "tradein:act": _act,
    "tradein:print": _quote,
    "tradein:signature": _signed,
    "tradein:rule": _rule,
    "tradein:rule_move": _rule_move,
    "tradein:photo": _photo,
    "tradein:lot_assay": _lot,
}
