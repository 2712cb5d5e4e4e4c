import pytest

from aftersales import roles
from aftersales.models import Role, Store
from tests.conftest import make_user


@pytest.mark.django_db
def test_store_staff_reach_their_stores_only(store, other_store, counter, chain_manager):
    assert roles.store_ids(counter) == {store.pk}
    assert set(roles.scoped(Store.objects.all(), counter, path="pk")) == {store}
    assert roles.store_ids(chain_manager) == {store.pk, other_store.pk}


@pytest.mark.django_db
def test_roles_per_store(store, other_store):
    user = make_user("mixed", Role.MANAGER, store)
    assert roles.has_role(user, store, Role.MANAGER)
    assert not roles.has_role(user, other_store, Role.MANAGER)
    assert not roles.has_role(user, store, Role.TECHNICIAN)


@pytest.mark.django_db
def test_chain_manager_may_do_what_a_store_manager_may(chain_manager, other_store):
    assert roles.has_role(chain_manager, other_store, Role.MANAGER)
    assert not roles.has_role(chain_manager, other_store, Role.TECHNICIAN)
