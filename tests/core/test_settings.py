import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="aftersales.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check_with_no_warning():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="aftersales.settings.production",
        DJANGO_SECRET_KEY="x7Hq2-" + "k" * 20 + "Zp9Lm_3vR8tYw1QeNb5Jc0Fs4UaXo6Gd",
        DJANGO_ALLOWED_HOSTS="desk.example.cn",
        PUBLIC_BASE_URL="https://desk.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_a_fresh_checkout_serves_pages_with_static_files_before_collectstatic(client, settings, tmp_path, db):
    from aftersales.settings import base

    # The development settings (base.py, which the test settings keep): no collectstatic needed.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": base.STORAGES["staticfiles"]}
    settings.STATIC_ROOT = tmp_path / "static"  # as `make setup` leaves it: there, and empty
    settings.STATIC_ROOT.mkdir()
    page = client.get("/login/")
    assert page.status_code == 200
    assert "/static/vendor/" in page.content.decode()


def test_production_serves_hashed_static_names_from_the_manifest():
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        DJANGO_SETTINGS_MODULE="aftersales.settings.production",
        DJANGO_SECRET_KEY="x7Hq2-" + "k" * 20 + "Zp9Lm_3vR8tYw1QeNb5Jc0Fs4UaXo6Gd",
    )
    assert result.stdout.split()[-1] == "whitenoise.storage.CompressedManifestStaticFilesStorage", result.stderr


def test_production_deploy_check_requires_public_base_url():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="aftersales.settings.production",
        DJANGO_SECRET_KEY="x7Hq2-" + "k" * 20 + "Zp9Lm_3vR8tYw1QeNb5Jc0Fs4UaXo6Gd",
        DJANGO_ALLOWED_HOSTS="desk.example.cn",
        PUBLIC_BASE_URL="",
    )
    assert result.returncode != 0 and "aftersales.E002" in result.stdout + result.stderr
