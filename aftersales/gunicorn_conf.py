"""gunicorn's settings, sized from the CPU count (aftersales.sizing; reasoning in README.md).

    gunicorn -c aftersales/gunicorn_conf.py aftersales.wsgi:application --bind 127.0.0.1:8000
"""

from aftersales import sizing

worker_class = "gthread"
workers = sizing.web_workers()
threads = sizing.web_threads()
# A counter tablet keeps its connection open between clicks; gthread parks idle keep-alive
# connections without holding a thread.
keepalive = 5
# A receipt render is well under a second; anything near this is stuck.
timeout = 30
graceful_timeout = 20
