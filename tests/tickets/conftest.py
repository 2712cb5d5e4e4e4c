# Real-worker fixtures of the notifications tests (subprocess workers on Redis or the filesystem broker).
from tests.notifications.workers import shared_db, sqlite_template, start_worker  # noqa: F401
