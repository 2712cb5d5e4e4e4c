import pytest
from django.core.management import call_command
from django.test import Client

from aftersales import demo
from aftersales.models import StaffMembership, Store, User


@pytest.mark.django_db
def test_seed_demo_is_repeatable_and_every_demo_login_sees_the_chinese_shell():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # make run calls it every time: nothing twice
    assert Store.objects.count() == 2
    assert User.objects.count() == len(demo.USERS)
    assert StaffMembership.objects.count() == sum(len(codes) for _u, _p, _r, codes, _n in demo.USERS)
    for username, password, _role, _codes, _name in demo.USERS:
        client = Client()
        response = client.post("/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        html = client.get("/").content.decode()
        assert "售后服务台" in html and "维修" in html, username


def test_500_page_is_our_own_and_translated(rf):
    from django.utils import translation

    from aftersales.views import error_500

    with translation.override("zh-hans"):
        response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "出错了" in response.content.decode()
