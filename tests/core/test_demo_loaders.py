"""seed_demo runs the loaders the apps registered, in the order of the layers, and skips none."""

import pytest
from django.core.management import call_command

from aftersales import demo


def test_every_app_with_demo_data_registered_its_loader_in_layer_order():
    modules = [loader.__module__ for loader in demo.loaders()]
    assert modules == ["aftersales.policy.demo", "customers.demo", "tradein.demo", "repairs.demo", "aftersales.notifications.demo"]


@pytest.mark.django_db
def test_a_failing_loader_fails_the_command(monkeypatch):
    def broken(ctx):
        raise RuntimeError("demo module broken")

    monkeypatch.setattr(demo, "_loaders", {**demo._loaders, "broken": (demo.REPAIRS, broken)})
    with pytest.raises(RuntimeError, match="demo module broken"):
        call_command("seed_demo", verbosity=0)
