"""gunicorn's settings, sized from the CPU count (aftersales/sizing.py; reasoning in README.md).

    gunicorn -c aftersales/gunicorn_conf.py aftersales.wsgi:application --bind 127.0.0.1:8000
"""

import importlib.util
from pathlib import Path

# sizing.py is loaded on its own: importing the aftersales package here would start the Celery
# app in gunicorn's master, which defaults DJANGO_SETTINGS_MODULE to the development settings
# before aftersales.wsgi could choose production.
_spec = importlib.util.spec_from_file_location("aftersales_sizing", Path(__file__).with_name("sizing.py"))
sizing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sizing)

worker_class = "gthread"
workers = sizing.web_workers()
threads = sizing.web_threads()
# A counter tablet keeps its connection open between clicks; gthread parks idle keep-alive
# connections without holding a thread.
keepalive = 5
# A receipt render is well under a second; anything near this is stuck.
timeout = 30
graceful_timeout = 20

# A thread waiting for PostgreSQL gets the interpreter back only when the running thread lets go
# of it: every 5 ms by default, on each of a page's dozen queries while another request computes.
# 1 ms cuts that wait (the receipt print p95 under load: 81 -> 48 ms in `make bench ONLY=load`).
GIL_SWITCH_SECONDS = 0.001


def post_fork(server, worker):
    import sys

    sys.setswitchinterval(GIL_SWITCH_SECONDS)
