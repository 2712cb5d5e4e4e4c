"""Customers' URLs with arguments: how to make a record of another store (tests/test_isolation.py)."""

from tests.customers.factories import CustomerFactory, FollowUpFactory


def _customer(store):
    return {"pk": CustomerFactory(home_store=store).pk}


def _followup(store):
    return {"pk": FollowUpFactory(customer=CustomerFactory(home_store=store)).pk}


def _import(store):
    from customers.models import PurchaseImport

    return {"pk": PurchaseImport.objects.create(store=store, file_name="x.csv", encoding="UTF-8", upload="customers/imports/x.csv", total_rows=0).pk}


FOREIGN = {
    "customers:detail": _customer,
    "customers:edit": _customer,
    "customers:timeline": _customer,
    "customers:consent": _customer,
    "customers:purchase_add": _customer,
    "customers:merge": _customer,
    "customers:followup_add": _customer,
    "customers:followup_call": _followup,
    "customers:followup_cancel": _followup,
    "customers:import_detail": _import,
    "customers:import_step": _import,
}
