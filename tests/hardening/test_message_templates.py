"""Issue 11, case 7: message wording is capped in rendered length (the longest SMS) and in render time."""

from __future__ import annotations

import time

import pytest

from aftersales.notifications import rendering, services
from aftersales.notifications.rendering import TemplateInvalid

CTX = {"customer_name": "王小红", "order_number": "HX-R2612-00001"}


def test_a_20_megabyte_ljust_is_refused_at_once():
    started = time.monotonic()
    with pytest.raises(TemplateInvalid):
        rendering.validate("{{ customer_name|ljust:'20000000' }}", CTX, language="zh-hans")
    assert time.monotonic() - started < 1


def test_nested_loops_of_millions_are_stopped():
    source = "{% for a in order_number %}{% for b in order_number %}{% for c in order_number %}{% for d in order_number %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    with pytest.raises(TemplateInvalid):
        rendering.validate(source, CTX, language="zh-hans")
    assert time.monotonic() - started < 2


def test_a_message_longer_than_an_sms_is_refused_with_its_length():
    with pytest.raises(TemplateInvalid) as refused:
        rendering.validate("很长" * 300, CTX, language="zh-hans")
    assert "600" in str(refused.value)


def test_sending_never_renders_more_than_the_cap():
    assert len(rendering.render("{{ customer_name }}" + "字" * 700, CTX, language="zh-hans")) <= rendering.MAX_RENDERED_CHARS


@pytest.mark.django_db
def test_saving_such_wording_is_refused_and_nothing_is_saved(chain_manager):
    from aftersales.notifications.models import MessageTemplate

    with pytest.raises(TemplateInvalid):
        services.template_save(kind="ready_for_pickup", language="zh-hans", subject="", body="{{ customer_name|rjust:'9999999' }}",
                               actor=chain_manager)
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
def test_the_editor_shows_the_error(chain_client):
    response = chain_client.post("/notifications/templates/edit/", {"kind": "ready_for_pickup", "language": "zh-hans",
                                                                   "subject": "", "body": "{{ customer_name|ljust:'20000000' }}", "version": 0})
    assert response.status_code == 200
    from aftersales.notifications.models import MessageTemplate

    assert not MessageTemplate.objects.exists()
