"""Where photos, signatures and stored PDFs live: Django's storage API only, never a path.

Two storages: "default" (stored PDF copies) and "private" (item photos and signatures). Both are
files under MEDIA_ROOT on one server, or one bucket of S3-compatible object storage (Aliyun OSS,
MinIO, AWS S3) through django-storages when STORAGE_URL is set, so a second web server sees the
same files:

    STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@oss-cn-hangzhou.aliyuncs.com/bucket[/prefix]?region=cn-hangzhou
    (query: region, scheme=http for a MinIO without TLS, addressing=path|virtual; OSS needs virtual)
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject, cached_property

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
PRIVATE_FILESYSTEM = "aftersales.storage.PrivateFileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


class PrivateFileSystemStorage(FileSystemStorage):
    """MEDIA_ROOT/private (following MEDIA_ROOT as Django's own storage does)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, os.path.join(settings.MEDIA_ROOT, "private"))


def storages_setting(url: str) -> dict:
    """STORAGES entries "default" and "private" for STORAGE_URL (empty: files under MEDIA_ROOT)."""
    if not url:
        return {"default": {"BACKEND": FILESYSTEM}, "private": {"BACKEND": PRIVATE_FILESYSTEM}}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname or not parts.path.strip("/"):
        raise ValueError("STORAGE_URL must look like s3://KEY:SECRET@host/bucket[/prefix]?region=...")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    bucket, _, prefix = parts.path.strip("/").partition("/")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    options = {
        "bucket_name": bucket,
        "access_key": unquote(parts.username or ""),
        "secret_key": unquote(parts.password or ""),
        "endpoint_url": f"{query.get('scheme', 'https')}://{host}",
        "region_name": query.get("region") or None,
        "addressing_style": query.get("addressing") or None,
        # Nothing is public: the app checks the store and streams each file itself.
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    prefix = prefix.strip("/")
    return {
        "default": {"BACKEND": S3, "OPTIONS": {**options, "location": prefix}},
        "private": {"BACKEND": S3, "OPTIONS": {**options, "location": f"{prefix}/private" if prefix else "private"}},
    }


class StorageAlias(LazyObject):
    """storages[alias], looked up on every use. A FileField keeps the storage it is given when
    its model class is made; this lets settings (and a test's override) point the alias elsewhere."""

    def __init__(self, alias: str):
        self.__dict__["alias"] = alias
        super().__init__()

    @property
    def _wrapped(self):
        return storages[self.__dict__["alias"]]

    def _setup(self):  # never called: the wrapped storage is looked up each time
        pass


def private() -> StorageAlias:
    return StorageAlias("private")
