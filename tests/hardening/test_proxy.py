"""Login lockout behind the load balancer: the client's address, not the proxy's (python-ipware via django-axes).

Both set-ups: no proxy (TRUSTED_PROXY_COUNT=0, the connecting address counts, X-Forwarded-For is
ignored) and the README's load balancer + nginx (TRUSTED_PROXY_COUNT=2).
"""

from __future__ import annotations

import pytest
from django.test import Client

from aftersales.models import Role
from tests.conftest import make_user

PROXY = "10.0.0.5"  # nginx, as gunicorn sees it


def _fail(ip: str, xff: str | None = None, username: str = "counter") -> int:
    extra = {"REMOTE_ADDR": ip}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return Client().post("/login/", {"username": username, "password": "wrong"}, **extra).status_code


def _locked(ip: str, xff: str | None = None, username: str = "counter") -> bool:
    return _fail(ip, xff, username) == 429


def _behind_proxies(settings, count: int) -> None:
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    settings.AXES_IPWARE_PROXY_ORDER = "left-most"
    settings.AXES_IPWARE_PROXY_COUNT = count - 1
    settings.IPWARE_STRICT = False


@pytest.mark.django_db
def test_behind_the_load_balancer_one_attacker_does_not_lock_out_everyone(settings, store):
    _behind_proxies(settings, 2)
    make_user("counter", Role.COUNTER, store)
    attacker = "198.51.100.7"
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker writes anything into the header; the load balancer appends the real address
        # and nginx appends the load balancer's.
        _fail(PROXY, f"203.0.113.{n}, {attacker}, 10.0.0.1")
    assert _locked(PROXY, f"1.1.1.1, {attacker}, 10.0.0.1")
    # The colleague at the store, through the same proxies, is not locked out.
    assert not _locked(PROXY, "192.0.2.44, 10.0.0.1")


@pytest.mark.django_db
def test_behind_the_load_balancer_a_forged_header_does_not_escape_the_lockout(settings, store):
    _behind_proxies(settings, 2)
    make_user("counter", Role.COUNTER, store)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(PROXY, f"203.0.113.{n}, 198.51.100.7, 10.0.0.1")
    assert _locked(PROXY, "9.9.9.9, 8.8.8.8, 198.51.100.7, 10.0.0.1")


@pytest.mark.django_db
def test_without_a_proxy_the_connecting_address_counts_and_the_header_is_ignored(settings, store):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    make_user("counter", Role.COUNTER, store)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail("198.51.100.7", f"203.0.113.{n}")
    assert _locked("198.51.100.7", "192.0.2.44")
    assert not _locked("192.0.2.44")


def test_the_settings_module_maps_the_environment_variable(monkeypatch):
    import importlib

    import aftersales.settings.base as base

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.AXES_IPWARE_PROXY_COUNT == 1
        assert reloaded.AXES_IPWARE_META_PRECEDENCE_ORDER == ("HTTP_X_FORWARDED_FOR",)
        assert reloaded.IPWARE_STRICT is False
    finally:
        monkeypatch.delenv("TRUSTED_PROXY_COUNT")
        importlib.reload(base)
