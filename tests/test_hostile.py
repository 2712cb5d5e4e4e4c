"""Hostile input on every form and every query parameter of every URL: never a 500, nothing half-saved.

How the walk finds the inputs:

1. Every named URL (as in tests/test_isolation.py) is built for a record of the user's OWN store,
   with the same `FOREIGN` builders the isolation test uses (tests/<app>/foreign.py).
2. A chain manager (who may do everything) GETs it. Every <form> on every page is read: its
   action, method, fields and their current values (the CSRF token, the version, the defaults).
   A GET form's fields are that URL's query parameters.
3. Apps add what no page shows in tests/<app>/hostile.py:

       PARAMS = {"repairs:index": ["page", "view"]}             # query parameters of a GET page
       POST = {"repairs:act": {"action=photo": {"item": "1"}}}  # POST-only URLs and their fields

   (keys of POST are the URL name; the inner key fills the URL's kwargs, "action=photo").
   `NO_INPUT = {"logout"}` lists URLs with nothing to send.

Then every field of every form (and every parameter) gets each hostile value in turn, the other
fields keeping their page values: NUL, -1, 0, 1e20, NaN, 10,000 characters, emoji,
../../etc/passwd, <script>, another store's ids, a non-numeric id. The answer is never a 500; when
it is an error (4xx, a form shown again, or an error message), no row of any table changed.

A URL that answers 404 to its own store's chain manager, or a POST-only URL no page posts to and
no hostile.py describes, fails `test_every_url_is_reachable_by_the_walk`: a new page cannot escape.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.urls import Resolver404, resolve, reverse

from aftersales.models import Role
from tests.conftest import login, make_user
from tests.files import files_written
from tests.test_isolation import _registry as isolation_registry
from tests.test_isolation import _takes_arguments, url_names

SKIP = {"logout", "set_language", "healthz", "login", "password_change"}


def _hostile_registry() -> tuple[dict, dict, set]:
    params, post, no_input = {}, {}, set()
    tests_dir = Path(__file__).parent
    for mod in pkgutil.iter_modules([str(tests_dir)]):
        if mod.ispkg and (tests_dir / mod.name / "hostile.py").exists():
            module = importlib.import_module(f"tests.{mod.name}.hostile")
            params.update(getattr(module, "PARAMS", {}))
            post.update(getattr(module, "POST", {}))
            no_input |= set(getattr(module, "NO_INPUT", set()))
    return params, post, no_input


class _Forms(HTMLParser):
    """Every <form> of a page: action, method, and each field's name and current value."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}, "files": False}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self._form["files"] = True
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"][name] = a.get("value", "on")
                else:
                    self._form["fields"].setdefault(name, None)
                return
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form["fields"][name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self._form["fields"].setdefault(name, "")
        elif tag == "option" and self._select:
            if "selected" in a or not self._form["fields"].get(self._select):
                self._form["fields"][self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["fields"][name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data


def _counts() -> dict:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if not m._meta.label.startswith(("sessions.", "axes.", "documents."))}


def _hostile_values(foreign_ids: list[str]) -> list[str]:
    return ["\x00", "-1", "0", "1e20", "NaN", "x" * 10_000, "😀💍", "../../etc/passwd", "<script>alert(1)</script>", *foreign_ids, "abc"]


def _url_for(name: str, pattern, store, own_builders: dict, fill: str | None = None) -> str | None:
    kwargs = {}
    if _takes_arguments(pattern):
        builder = own_builders.get(name)
        if builder is None:
            return None
        kwargs = builder(store)
    if fill:
        key, value = fill.split("=", 1)
        kwargs[key] = value
    return reverse(name, kwargs=kwargs)


def _send(client, method: str, path: str, data: dict | None = None):
    """One request, with the files it stores written as its commit would (tests/files.py): a page
    that stored a document reads it back on the next request, as it does in production."""
    with files_written():
        return getattr(client, method)(path, data or {})


def _name_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _is_error(response, method: str) -> bool:
    if response.status_code >= 400:
        return True
    if method == "post" and response.status_code == 200:
        return True  # the form is shown again with what to fix
    stored = getattr(response.wsgi_request, "_messages", None)
    return bool(stored) and any(m.level >= message_levels.ERROR for m in getattr(stored, "_queued_messages", []))


def _collect(client, store) -> tuple[dict, list[str]]:
    """{(method, path): fields} for every form found on every page, and the names reached by GET."""
    foreign, public = isolation_registry()
    params, post, no_input = _hostile_registry()
    targets: dict[tuple[str, str], dict] = {}
    reached: list[str] = []
    post_only: list[str] = []
    for name, pattern in url_names().items():
        if name in public or name in SKIP:
            continue
        url = _url_for(name, pattern, store, foreign)
        response = _send(client, "get", url)
        if response.status_code < 400 or response.status_code == 405:
            reached.append(name)
        if response.status_code == 405:
            post_only.append(name)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser = _Forms()
            parser.feed(response.content.decode(errors="replace"))
            for form in parser.forms:
                action = form["action"] or url
                if not action.startswith("/"):
                    continue
                key = (form["method"], action.split("#")[0])
                if _name_of(key[1]) in SKIP:
                    continue
                # A formset's empty template (__prefix__) is not sent by the browser.
                fields = {k: v for k, v in form["fields"].items() if "__prefix__" not in k}
                targets.setdefault(key, {}).update(fields)
        for param in params.get(name, []):
            targets.setdefault(("get", url), {}).setdefault(param, "")
        for fill, fields in post.get(name, {}).items():
            # the page's own URL unless the entry fills a kwarg (a builder may make one record per store only)
            target = _url_for(name, pattern, store, foreign, fill=fill) if "=" in fill else url
            targets.setdefault(("post", target), {}).update(fields)
    return targets, reached, post_only


@pytest.mark.django_db
def test_every_url_is_reachable_by_the_walk(store, other_store):
    client = login(make_user("walker", Role.CHAIN_MANAGER, store))
    targets, reached, post_only = _collect(client, store)
    foreign, public = isolation_registry()
    _params, post, no_input = _hostile_registry()
    posted_to = {_name_of(path) for (method, path) in targets if method == "post"}
    unreachable = []
    for name in url_names():
        if name in public or name in SKIP or name in no_input:
            continue
        if name not in reached:
            unreachable.append(f"{name} (GET did not answer)")
        elif name in post_only and name not in posted_to:
            unreachable.append(f"{name} (POST only, and no page or hostile.py says what to send)")
    assert not unreachable, f"the walk cannot reach: {unreachable}; describe them in a tests/<app>/hostile.py"


@pytest.mark.django_db
def test_hostile_values_in_every_field_never_give_a_500_or_a_half_save(store, other_store):
    from tests.repairs.factories import customer, make_order

    walker = make_user("walker", Role.CHAIN_MANAGER, store)
    client = login(walker)
    client.raise_request_exception = True
    theirs = make_order(other_store)
    foreign_ids = [str(theirs.items.first().pk), str(customer(other_store).pk)]
    targets, _reached, _post_only = _collect(client, store)
    checked, problems = 0, []
    only = os.environ.get("HOSTILE_ONLY", "")  # a path prefix, to re-run part of the walk while fixing
    before = _counts()
    for (method, path), fields in sorted(targets.items()):
        if not path.startswith(only):
            continue
        for field in sorted(fields):
            if field in ("csrfmiddlewaretoken",):
                continue
            for value in _hostile_values(foreign_ids):
                data = {k: v for k, v in fields.items() if v is not None}
                data[field] = value
                where = f"{method.upper()} {path} {field}={value[:30]!r}"
                try:
                    response = _send(client, method, path, data)
                except Exception as exc:  # raised by the view: a 500 for the user
                    problems.append(f"{where}: {type(exc).__name__}: {str(exc)[:120]}")
                    before = _counts()
                    continue
                if response.status_code == 500:
                    problems.append(f"{where}: 500")
                after = _counts()
                if _is_error(response, method) and after != before:
                    problems.append(f"{where}: error answer but rows changed")
                before = after
                checked += 1
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"
    assert checked > (0 if only else 500)
