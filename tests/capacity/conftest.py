import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def eager():
    """Tasks queued on commit run at once, in this process (as a worker would run them)."""
    from aftersales.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders of documents (the services' only way to draw a PDF)."""
    from aftersales.documents import services

    calls = []
    real = services.render_document

    def counting(kind, data, **kwargs):
        calls.append((kind, ",".join(data.copies)))
        return real(kind, data, **kwargs)

    monkeypatch.setattr(services, "render_document", counting)
    return calls
