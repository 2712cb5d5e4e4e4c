from datetime import timedelta

import pytest
from django.urls import reverse

from aftersales import audit
from aftersales.models import Event, Role
from tests.conftest import PASSWORD, login, make_user


@pytest.mark.django_db
def test_shell_is_in_chinese_by_default_with_navigation(counter_client):
    response = counter_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in ["维修", "以旧换新", "售后案件", "客户", "回访", "报表"]:
        assert label in html


@pytest.mark.django_db
def test_language_switch_is_remembered_per_user(counter, counter_client):
    response = counter_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    counter.refresh_from_db()
    assert counter.language == "en"
    html = login(counter).get("/").content.decode()
    assert "Repairs" in html and "Trade-in" in html


@pytest.mark.django_db
def test_store_switcher_only_offers_own_stores(store, other_store):
    user = make_user("both", Role.COUNTER, store, other_store)
    client = login(user)
    html = client.get("/").content.decode()
    assert "东塘店" in html and "黄兴店" in html
    response = client.post(reverse("switch_store"), {"store": other_store.pk, "next": "/"})
    assert response.status_code == 302
    assert client.session["current_store_id"] == other_store.pk


@pytest.mark.django_db
def test_switching_to_a_foreign_store_is_not_found(counter_client, other_store):
    response = counter_client.post(reverse("switch_store"), {"store": other_store.pk})
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_gets_our_404_page_in_chinese(counter_client):
    response = counter_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_gets_a_clear_page(counter):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(counter, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()


@pytest.mark.django_db
def test_wrong_password_locks_out_after_the_limit(counter, settings):
    from django.test import Client

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "counter", "password": "wrong"})
        assert response.status_code == 200
        assert "请输入一个正确的用户名和密码" in response.content.decode()
    response = client.post(reverse("login"), {"username": "counter", "password": "wrong"})
    assert response.status_code == 429
    # Locked: even the right password is refused for now.
    response = client.post(reverse("login"), {"username": "counter", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # Another address may still log in as the same user.
    other = Client(REMOTE_ADDR="10.9.9.9")
    response = other.post(reverse("login"), {"username": "counter", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sessions_end_with_the_browser_and_after_idle_time(settings, counter):
    from django.test import Client

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    client = Client()
    response = client.post(reverse("login"), {"username": "counter", "password": PASSWORD})
    assert response.status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def _session_row(client):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


@pytest.mark.django_db
def test_a_working_counter_stays_signed_in_and_an_idle_one_is_signed_out(settings, counter):
    """The idle timeout counts from the last click, though the session row is written at most
    once a minute: a click within the minute writes nothing, a later one moves the expiry.
    (The database's sessions: a moved clock cannot age Redis's copies, which expire with the same
    idle time on Redis's own clock.)"""
    import time_machine
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    start = timezone.now().replace(microsecond=0)
    age = settings.SESSION_COOKIE_AGE
    client = Client()
    with time_machine.travel(start, tick=False):
        assert client.post(reverse("login"), {"username": "counter", "password": PASSWORD}).status_code == 302
        assert client.get("/").status_code == 200
        assert _session_row(client).expire_date == start + timedelta(seconds=age)
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_TOUCH_SECONDS - 5), tick=False):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    # Working all shift long, a click every 20 minutes: never signed out.
    moment = start
    for _ in range(6):
        moment += timedelta(minutes=20)
        with time_machine.travel(moment, tick=False):
            assert client.get("/").status_code == 200
            assert _session_row(client).expire_date == moment + timedelta(seconds=age)
    # Then away from the counter longer than the idle time: back to the login page.
    with time_machine.travel(moment + timedelta(seconds=age + 1), tick=False):
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_expired_session_goes_back_to_login(counter_client):
    counter_client.session.flush()
    counter_client.cookies.clear()
    response = counter_client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    data = response.json()
    assert data["database"] is True
    assert data["broker"] is True
    assert response.status_code == 200


@pytest.mark.django_db
def test_events_are_append_only(store, counter):
    event = audit.record(actor=counter, kind="store.updated", subject=store, old={"name": "a"}, new={"name": "b"})
    assert event.store == store and event.actor == counter
    with pytest.raises(TypeError):
        event.note = "changed"
        event.save()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
    assert list(audit.history(store)) == [event]


@pytest.mark.django_db
def test_history_describes_events_in_words(store, manager):
    from django.template.loader import render_to_string
    from django.utils import translation

    audit.record(actor=manager, kind="store.updated", subject=store, old={"phone": "1"}, new={"phone": "2"})
    with translation.override("zh-hans"):
        html = render_to_string("partials/history.html", {"events": audit.history(store)})
    assert "门店设置已修改" in html
    assert "电话:</span> 1 → 2" in html


def test_with_redis_sessions_are_read_through_the_cache():
    import os
    import subprocess
    import sys

    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "DJANGO_SETTINGS_MODULE": "aftersales.settings.base"}
    probe = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out[-1] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_a_cached_session_costs_no_query_and_still_ends_when_deleted(settings, counter):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()
    assert client.post(reverse("login"), {"username": "counter", "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    # Signed out elsewhere (the session deleted): the cached copy does not keep the cookie working.
    from importlib import import_module

    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).delete()
    assert client.get("/")["Location"].startswith("/login/")
