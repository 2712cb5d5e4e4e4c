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
    """Counts real layouts of documents (the services' only ways to draw a PDF): (kind, copies laid out)."""
    from aftersales.documents import services

    calls = []
    real, real_copies = services.render_document, services.render_document_copies

    def counting(kind, data, **kwargs):
        calls.append((kind, ",".join(data.copies)))
        return real(kind, data, **kwargs)

    def counting_copies(kind, data, **kwargs):
        calls.append((kind, ",".join(data.copies)))
        return real_copies(kind, data, **kwargs)

    monkeypatch.setattr(services, "render_document", counting)
    monkeypatch.setattr(services, "render_document_copies", counting_copies)
    return calls
