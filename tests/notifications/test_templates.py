import pytest
from django.utils import translation

from aftersales.models import Event
from aftersales.notifications import kinds, rendering, services
from aftersales.notifications.models import MessageTemplate

pytestmark = pytest.mark.django_db


def _save(actor, body, subject="s", **kwargs):
    return services.template_save(kind="pickup_reminder", language="zh-hans", subject=subject, body=body, actor=actor, **kwargs)


@pytest.mark.parametrize("kind", [k.code for k in kinds.all_kinds()])
@pytest.mark.parametrize("language", kinds.LANGUAGES)
def test_every_default_wording_renders_with_its_placeholders(kind, language):
    spec = kinds.get(kind)
    subject, body = spec.defaults[language]
    assert rendering.validate(subject, spec.sample_context(), language=language)
    out = rendering.validate(body, spec.sample_context(), language=language)
    assert "黄兴店" in out
    assert ("TD" in out or "STOP" in out) == spec.marketing  # marketing texts say how to opt out


def test_a_valid_wording_is_saved_with_an_event(chain_manager):
    row = _save(chain_manager, "{{ customer_name }}，还有{{ days_left }}天")
    assert row.body == "{{ customer_name }}，还有{{ days_left }}天" and row.updated_by == chain_manager
    assert Event.objects.filter(kind="notification.template_created", subject_id=row.pk).exists()
    row = _save(chain_manager, "{{ customer_name }} 请取件", expected_version=row.version)
    event = Event.objects.get(kind="notification.template_changed", subject_id=row.pk)
    assert event.old == {"body": "{{ customer_name }}，还有{{ days_left }}天"} and event.new == {"body": "{{ customer_name }} 请取件"}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{{ customer_name ", "not closed"),
        ("{% if %}x{% endif %}", "does not compile"),
        ("{{ customer_nam }} 请取件", "customer_nam"),
        ("{% include 'base.html' %}", "does not compile"),
        ("{% load static %}{% static 'x' %}", "does not compile"),
        ("{% debug %}", "does not compile"),
        ("{{ settings.SECRET_KEY }}", "settings.SECRET_KEY"),
        ("{{ days_left|date:'Y' }}{{ order_number|divisibleby:2 }}", "does not compile"),
        ("   ", "empty"),
    ],
)
def test_a_wording_that_does_not_render_is_rejected_with_the_reason(chain_manager, body, says):
    with translation.override("en"), pytest.raises(rendering.TemplateInvalid) as info:
        _save(chain_manager, body)
    assert says in str(info.value)
    assert not MessageTemplate.objects.exists()


def test_a_stale_edit_is_refused(chain_manager):
    from aftersales.concurrency import StaleEdit

    row = _save(chain_manager, "{{ customer_name }} a")
    _save(chain_manager, "{{ customer_name }} b", expected_version=row.version)
    with pytest.raises(StaleEdit):
        _save(chain_manager, "{{ customer_name }} c", expected_version=row.version)


def test_reset_puts_back_the_default_wording(chain_manager):
    _save(chain_manager, "{{ customer_name }} a")
    row = services.template_reset(kind="pickup_reminder", language="zh-hans", actor=chain_manager)
    assert (row.subject, row.body) == kinds.PICKUP_REMINDER.defaults["zh-hans"]


def test_rendering_sees_only_plain_values():
    class Secret:
        password = "hunter2"

        def __str__(self):
            return "Secret"

    out = rendering.render("{{ thing }} {{ thing.password }}", {"thing": Secret()}, language="en")
    assert out == "Secret"
