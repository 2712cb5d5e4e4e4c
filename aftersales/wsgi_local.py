"""WSGI for `make run` on one machine: the default settings (no HTTPS, demo secret key)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings.base")

application = get_wsgi_application()
