"""The permission table, walked: every trade-in action for every role does what the table says."""

import pytest

from aftersales import roles
from aftersales.models import Role
from tests.conftest import make_user
from tradein.permissions import TABLE

from .walks import FORMS, PERFORM

pytestmark = pytest.mark.django_db


def test_every_action_of_the_table_is_described():
    assert set(PERFORM) == {f"tradein.{a}" for a in TABLE}


@pytest.mark.parametrize("action", sorted(PERFORM))
@pytest.mark.parametrize("role", [Role.COUNTER, Role.MANAGER, Role.TECHNICIAN, Role.CHAIN_MANAGER])
def test_role_may_or_may_not(action, role, store):
    actor = make_user(f"walk-{role}", role, store)
    allowed = role == Role.CHAIN_MANAGER or role in TABLE[action.split(".", 1)[1]]
    if allowed:
        PERFORM[action](actor, store)
    else:
        with pytest.raises(roles.NotAllowed):
            PERFORM[action](actor, store)


@pytest.mark.parametrize("junk", ["", "NaN", "-1e9", "9" * 40 + "<script>"])
def test_junk_in_every_form_is_never_a_500(junk, store):
    from django.urls import reverse

    from tests.conftest import login

    actor = make_user("walk-manager", Role.MANAGER, store)
    client = login(actor)
    for name, kwargs, fields in FORMS:
        url = reverse(name, kwargs=kwargs(store, actor))
        for field in fields:
            response = client.post(url, {field: junk})
            assert response.status_code < 500, (name, field, junk, response.status_code)
