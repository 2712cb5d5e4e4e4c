"""Writes of the documents app: stored copies of printed PDFs and status-page links."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl  # the desk runs on Linux (gunicorn, Celery): POSIX file locks
import hashlib
import logging
import secrets
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from aftersales import audit, clock, files, roles
from aftersales.concurrency import check_and_bump
from aftersales.models import Store

from . import registry, selectors, tasks
from .data import fingerprint
from .models import PrintSettings, StatusToken, StoredDocument
from .rendering import data_type, render_document, render_document_copies

logger = logging.getLogger(__name__)


class StoredDocumentDamaged(Exception):
    """A stored PDF no longer matches its recorded SHA-256."""

    def __init__(self, document: StoredDocument):
        super().__init__(f"stored document {document.pk} ({document.file}) does not match its SHA-256")
        self.document = document


def _subject_type(subject: models.Model) -> str:
    return subject._meta.label_lower


def _copies(data) -> tuple[str, ...]:
    """The copies a document's data prints (a receipt: customer, store); () for a one-copy kind."""
    return tuple(getattr(data, "copies", ()) or ())


def document_get_or_render(*, kind: str, subject: models.Model, data, actor) -> StoredDocument:
    """The document of `subject` for `data`: the stored copy when the latest version was
    rendered from identical data, else a new version n + 1 (printed as a reprint after a
    change), kept in the default storage (documents/...) with its SHA-256 and an event in the
    subject's history. `.read()` on the result gives the PDF bytes.

    One render per subject at a time: a print click that comes while the worker is drawing the
    same new version waits for it and serves it, instead of drawing it a second time."""
    if data_type(kind) is None:
        raise ValueError(f"unknown document kind {kind!r}")
    fp = fingerprint(data)
    copies = ",".join(_copies(data))
    latest = selectors.latest_document(kind=kind, subject=subject, copies=copies)
    if latest is not None and latest.fingerprint == fp:
        return latest
    for _attempt in range(2):
        try:
            with _drawing(subject):
                latest = selectors.latest_document(kind=kind, subject=subject, copies=copies)
                if latest is not None and latest.fingerprint == fp:
                    return latest
                version = latest.version + 1 if latest else 1
                pdf = render_document(kind, data, version=version)
                return _store(kind=kind, subject=subject, version=version, pdf=pdf, fp=fp, actor=actor, copies=copies)
        except IntegrityError:
            # Stored meanwhile by a writer the lock did not hold back: look again.
            continue
    raise RuntimeError(f"could not store {kind} for {subject!r}: too many concurrent versions")


@contextlib.contextmanager
def _drawing(subject: models.Model):
    """One drawer per subject at a time: a second one (the print click while the worker draws,
    or the other way round) waits, then finds the version stored and draws nothing.

    PostgreSQL: a transaction holding the subject's row lock until the new version is stored
    (the services that change an order lock the same row, so a change waits for the version
    being drawn and is drawn after it by its own task). SQLite has no row locks: a transaction
    there holds the write lock of the whole file, which would stop every form post of the desk
    for the ~0.2-0.4 s of a layout. There the drawers take turns on a file lock instead, draw
    outside any transaction, and only storing the version (_store) writes."""
    if connection.vendor == "sqlite":
        with _file_lock(subject):
            yield
        return
    with transaction.atomic():
        list(type(subject)._default_manager.select_for_update().filter(pk=subject.pk).values_list("pk", flat=True))
        yield


_LOCK_STRIPES = 64


@contextlib.contextmanager
def _file_lock(subject: models.Model):
    """An exclusive lock shared by the processes of one machine (web, worker) for the subject:
    one of 64 lock files per database (two subjects may share one and take turns); released by
    the operating system if the holder dies."""
    database = str(connection.settings_dict["NAME"])
    folder = Path(tempfile.gettempdir()) / f"aftersales-drawing-{hashlib.sha256(database.encode()).hexdigest()[:16]}"
    stripe = int(hashlib.sha256(f"{_subject_type(subject)}:{subject.pk}".encode()).hexdigest(), 16) % _LOCK_STRIPES
    path = folder / f"{stripe}.lock"
    held = _held.__dict__.setdefault("paths", set())
    if path in held:  # this thread holds it already (a drawer calling another): a second open would wait for itself
        yield
        return
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        fh = open(path, "a+b")  # noqa: SIM115 (closed by the with below)
    except OSError:
        logger.warning("no drawing lock at %s: two drawers may draw the same version (one is stored)", path)
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        held.add(path)
        try:
            yield
        finally:
            held.discard(path)
            fcntl.flock(fh, fcntl.LOCK_UN)


_held = threading.local()


def prerender_on_commit(*, subject: models.Model) -> None:
    """Once the caller's transaction commits, the worker renders and stores the subject's
    documents as they now stand (registry.register_prerender), so the print click finds them."""
    subject_type, subject_id = _subject_type(subject), subject.pk
    if registry.prerenderer(subject_type) is not None:
        transaction.on_commit(lambda: tasks.prerender.delay(subject_type, subject_id), robust=True)


def documents_prerender(*, subject_type: str, subject_id: int) -> list[StoredDocument]:
    """Render and store what the subject's app prints for it; unchanged documents are left alone,
    so running this twice (a redelivered task) stores nothing the second time. Copies of one
    document (a receipt's customer copy; both copies) come from one layout."""
    documents_of = registry.prerenderer(subject_type)
    if documents_of is None:
        return []
    wanted = documents_of(subject_id)
    fps = [fingerprint(data) for _kind, _subject, data in wanted]  # each reads and hashes the photos: once
    done: dict[int, StoredDocument] = {}
    for _attempt in range(2):
        missing = []
        for n, (kind, subject, data) in enumerate(wanted):
            latest = selectors.latest_document(kind=kind, subject=subject, copies=",".join(_copies(data)))
            if latest is not None and latest.fingerprint == fps[n]:
                done[n] = latest
            else:
                missing.append(n)
        if not missing:
            break
        try:
            with _drawing(wanted[missing[0]][1]):
                for group in _copy_groups([(n, *wanted[n]) for n in missing]):
                    done.update(_render_group(group, fps))
            break
        except IntegrityError:  # a print click stored one meanwhile: look again
            continue
    return [done[n] for n in sorted(done)]


def _copy_groups(entries: list[tuple]) -> list[list[tuple]]:
    """Entries (n, kind, subject, data) grouped where one layout serves them all, widest first:
    same kind and subject, data that differ only in how many of the copies they print."""
    groups: list[list[tuple]] = []
    for entry in sorted(entries, key=lambda e: -len(_copies(e[3]))):
        _n, kind, subject, data = entry
        copies = _copies(data)
        for group in groups:
            _, g_kind, g_subject, g_data = group[0]
            if (g_kind == kind and g_subject == subject and copies and _copies(g_data)[:len(copies)] == copies
                    and dataclasses.replace(g_data, copies=copies) == data):
                group.append(entry)
                break
        else:
            groups.append([entry])
    return groups


def _render_group(group: list[tuple], fps: list[str]) -> dict[int, StoredDocument]:
    """Inside the subject's lock: store each entry's new version (or find it stored meanwhile),
    all from one layout when they all become the same version (the usual case)."""
    stored, pending = {}, []
    for n, kind, subject, data in group:
        latest = selectors.latest_document(kind=kind, subject=subject, copies=",".join(_copies(data)))
        if latest is not None and latest.fingerprint == fps[n]:
            stored[n] = latest
        else:
            pending.append((n, kind, subject, data, latest.version + 1 if latest else 1))
    if len(pending) > 1 and len({version for *_, version in pending}) == 1:
        _, kind, subject, widest, version = pending[0]
        pdfs = render_document_copies(kind, widest, version=version, wanted=[_copies(data) for _, _, _, data, _ in pending])
        for n, kind, subject, data, version in pending:
            stored[n] = _store(kind=kind, subject=subject, version=version, pdf=pdfs[_copies(data)], fp=fps[n], actor=None,
                               copies=",".join(_copies(data)))
    else:
        for n, kind, subject, data, _version in pending:
            stored[n] = document_get_or_render(kind=kind, subject=subject, data=data, actor=None)
    return stored


def document_store_rendered(*, kind: str, subject: models.Model, fp: str, render, actor) -> StoredDocument:
    """Like document_get_or_render for documents built elsewhere (the monthly report): the stored
    copy when the latest version has the same input fingerprint `fp`, else `render(version)`
    (PDF bytes) stored as version n + 1 with its SHA-256."""
    for _attempt in range(3):
        latest = selectors.latest_document(kind=kind, subject=subject, copies="")
        if latest is not None and latest.fingerprint == fp:
            return latest
        version = latest.version + 1 if latest else 1
        try:
            return _store(kind=kind, subject=subject, version=version, pdf=render(version), fp=fp, actor=actor)
        except IntegrityError:
            continue
    raise RuntimeError(f"could not store {kind} for {subject!r}: too many concurrent versions")


def _store_of(subject: models.Model) -> Store | None:
    if isinstance(subject, Store):
        return subject
    store = getattr(subject, "store", None)
    return store if isinstance(store, Store) else None


@transaction.atomic
def _store(*, kind: str, subject: models.Model, version: int, pdf: bytes, fp: str, actor, copies: str = "") -> StoredDocument:
    sha = hashlib.sha256(pdf).hexdigest()
    subject_type = _subject_type(subject)
    series = "-" + copies.replace(",", "-") if "," in copies else ""
    name = f"documents/{subject_type}/{subject.pk}/{kind}{series}-v{version}-{sha[:12]}.pdf"
    with transaction.atomic():
        document = StoredDocument.objects.create(
            kind=kind,
            subject_type=subject_type,
            subject_id=subject.pk,
            store=_store_of(subject),
            copies=copies,
            version=version,
            sha256=sha,
            fingerprint=fp,
            file=name,
            size=len(pdf),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
    # The PDF is written once the row commits: a rolled-back version leaves no file behind.
    files.write_after_commit(default_storage, name, pdf,
                             on_renamed=lambda saved: StoredDocument.objects.filter(pk=document.pk).update(file=saved))
    audit.record(
        actor=actor,
        kind="document.stored",
        subject=subject,
        store=document.store,
        new={"document": kind, "copies": copies, "version": version, "sha256": sha, "size": len(pdf)},
        note=f"{document.get_kind_display()} v{version} sha256 {sha}",
    )
    document._content = pdf
    return document


# --- status links ----------------------------------------------------------------------------

_SALT = "aftersales.documents.status"


def _sign(random_part: str) -> str:
    return salted_hmac(_SALT, random_part).hexdigest()[:12]


def new_token() -> str:
    random_part = secrets.token_urlsafe(15)  # 120 bits
    return random_part + _sign(random_part)


def token_is_well_signed(token: str) -> bool:
    """A cheap check before any query: a typed or guessed token fails it."""
    if not token or len(token) != 32:
        return False
    return constant_time_compare(_sign(token[:20]), token[20:])


def status_token_for(*, subject: models.Model) -> StatusToken:
    """The subject's live status token, created on first use. (Every print reads it: a plain read
    first, a transaction only to create one.)"""
    subject_type = _subject_type(subject)
    live = StatusToken.objects.filter(subject_type=subject_type, subject_id=subject.pk, revoked_at__isnull=True).first()
    return live if live is not None else _status_token_create(subject_type=subject_type, subject=subject)


@transaction.atomic
def _status_token_create(*, subject_type: str, subject: models.Model) -> StatusToken:
    live = StatusToken.objects.filter(subject_type=subject_type, subject_id=subject.pk, revoked_at__isnull=True).first()
    if live is not None:
        return live
    try:
        with transaction.atomic():
            return StatusToken.objects.create(subject_type=subject_type, subject_id=subject.pk, token=new_token())
    except IntegrityError:  # created meanwhile by another request
        return StatusToken.objects.get(subject_type=subject_type, subject_id=subject.pk, revoked_at__isnull=True)


@transaction.atomic
def status_token_revoke(*, subject: models.Model, actor) -> int:
    """Revoke the subject's live link (a printed QR code then opens a 404). Revoking twice is a no-op."""
    subject_type = _subject_type(subject)
    tokens = list(
        StatusToken.objects.select_for_update().filter(subject_type=subject_type, subject_id=subject.pk, revoked_at__isnull=True)
    )
    now = clock.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    if tokens:
        audit.record(actor=actor, kind="document.status_link_revoked", subject=subject, new={"revoked": len(tokens)})
    return len(tokens)


def public_base_url(request=None) -> str:
    """Where customers' phones reach the desk: PUBLIC_BASE_URL, or else the address the request came in on.

    Production requires the setting (deploy check aftersales.E002): behind a proxy the request's
    own address may be an internal one.
    """
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


# The attribute with_live_status_token() sets on each subject it reads.
LIVE_TOKEN_ATTR = "live_status_token"


def with_live_status_token(queryset: models.QuerySet) -> models.QuerySet:
    """The subjects with their live status token read in the same query (a print reads it on
    every click: one round trip less). A subject without one gets it created by status_url."""
    tokens = StatusToken.objects.filter(subject_type=queryset.model._meta.label_lower, subject_id=models.OuterRef("pk"),
                                        revoked_at__isnull=True)
    return queryset.annotate(**{LIVE_TOKEN_ATTR: models.Subquery(tokens.values("token")[:1])})


def status_url(*, subject: models.Model, base_url: str = "") -> str:
    """The absolute URL for the QR code (<public base URL>/documents/s/<token>/)."""
    token = getattr(subject, LIVE_TOKEN_ATTR, None) or status_token_for(subject=subject).token
    path = reverse("documents:status", kwargs={"token": token})
    base = settings.PUBLIC_BASE_URL or base_url
    return base.rstrip("/") + path


# --- per-store print settings ----------------------------------------------------------------

PRINT_SETTINGS_FIELDS = ["receipt_paper", "tag_width_mm", "tag_height_mm"]


@transaction.atomic
def print_settings_save(*, store: Store, actor, values: dict, expected_version: int | None = None) -> PrintSettings:
    """Save a store's receipt paper and tag size (a store manager's choice), with an event."""
    roles.require(actor, store, "core.print_settings")
    settings_row, _created = PrintSettings.objects.select_for_update().get_or_create(store=store)
    check_and_bump(settings_row, expected_version)
    old, new = audit.changes(settings_row, PRINT_SETTINGS_FIELDS, {k: values[k] for k in PRINT_SETTINGS_FIELDS if k in values})
    settings_row.full_clean()
    settings_row.save()
    if new:
        audit.record(actor=actor, kind="document.print_settings", subject=store, store=store, old=old, new=new)
    return settings_row
