import pytest

# Real-worker fixtures of the notifications tests (subprocess workers on Redis or the filesystem broker).
from tests.notifications.workers import shared_db, sqlite_template, start_worker  # noqa: F401


@pytest.fixture(autouse=True)
def _default_lists(request):
    """The categories and root causes the migration adds: a transactional test earlier flushed them."""
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from tickets import defaults

    defaults.seed()
