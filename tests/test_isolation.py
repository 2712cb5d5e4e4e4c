"""Every URL of the app, for every role: another store's record is a 404, nothing is a 500.

Apps describe how to make a record of a given store for each URL that takes an argument, in
tests/<app>/foreign.py:

    FOREIGN = {"repairs:detail": lambda store: {"number": make_order(store).number}}
    PUBLIC = {"repairs:status"}   # URLs for customers, tested in their own module
    KEYED = {"reports:report": lambda store: {"key": "complaints"}}  # arguments that name no record

A KEYED URL's argument is not a record of a store (a report's name): it is walked for every role
with those arguments and must answer without a 500; its store filters are tested in its app.

A URL with arguments that no foreign.py describes fails this test, so no page escapes it.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from aftersales.models import Role
from tests.conftest import login, make_user

SKIP_NAMESPACES = {"admin"}


def _walk(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            full = f"{namespace}:{p.namespace}" if namespace and p.namespace else ns
            yield from _walk(p.url_patterns, full)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), p


def url_names():
    seen = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        seen.setdefault(name, pattern)
    return seen


def _registry():
    foreign, public = {}, set()
    foreign.update(_keyed())
    tests_dir = Path(__file__).parent
    for mod in pkgutil.iter_modules([str(tests_dir)]):
        if not mod.ispkg or not (tests_dir / mod.name / "foreign.py").exists():
            continue
        module = importlib.import_module(f"tests.{mod.name}.foreign")
        foreign.update(getattr(module, "FOREIGN", {}))
        public |= set(getattr(module, "PUBLIC", set()))
    return foreign, public


def _keyed():
    keyed = {}
    tests_dir = Path(__file__).parent
    for mod in pkgutil.iter_modules([str(tests_dir)]):
        if mod.ispkg and (tests_dir / mod.name / "foreign.py").exists():
            keyed.update(getattr(importlib.import_module(f"tests.{mod.name}.foreign"), "KEYED", {}))
    return keyed


def _takes_arguments(pattern: URLPattern) -> bool:
    return bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups > 0


def test_every_url_with_arguments_is_covered():
    foreign, public = _registry()
    missing = [n for n, p in url_names().items() if _takes_arguments(p) and n not in foreign and n not in public]
    assert not missing, f"add these URLs to a tests/<app>/foreign.py: {missing}"


ROLES = [Role.COUNTER, Role.MANAGER, Role.TECHNICIAN]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_foreign_store_records_are_not_found_for_store_roles(role, store, other_store):
    from django.urls import reverse

    foreign, public = _registry()
    keyed = _keyed()
    user = make_user(f"u-{role}", role, store)
    client = login(user)
    checked = 0
    for name, pattern in url_names().items():
        if name in public:
            continue
        if _takes_arguments(pattern):
            kwargs = foreign[name](other_store)
            url = reverse(name, kwargs=kwargs)
            allowed = (200, 302, 403, 404, 405) if name in keyed else (404, 405)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code in allowed, f"{role} {method.upper()} {name} {url}: {response.status_code}"
            checked += 1
        else:
            url = reverse(name)
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 405), f"{role} GET {name} {url}: {response.status_code}"
    assert checked == len([n for n, p in url_names().items() if _takes_arguments(p) and n not in public])


@pytest.mark.django_db
def test_chain_manager_reaches_every_store(store, other_store):
    from django.urls import reverse

    foreign, public = _registry()
    client = login(make_user("chain-x", Role.CHAIN_MANAGER, store))
    for name, pattern in url_names().items():
        if name in public:
            continue
        kwargs = foreign[name](other_store) if _takes_arguments(pattern) else {}
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (200, 302, 403, 405), f"chain GET {name}: {response.status_code}"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(store, other_store):
    from django.test import Client
    from django.urls import reverse

    foreign, public = _registry()
    client = Client()
    open_names = {"login", "healthz", "set_language", "password_change_done", "logout"} | public
    for name, pattern in url_names().items():
        if name in open_names:
            continue
        kwargs = foreign[name](other_store) if _takes_arguments(pattern) else {}
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (302, 405), f"anonymous GET {name}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith("/login/"), name
