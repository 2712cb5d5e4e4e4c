"""STORAGE_URL: one variable points photos, signatures and stored PDFs at S3-compatible storage."""

from __future__ import annotations

import pytest
from django.core.files.storage import InMemoryStorage, storages

from aftersales import storage
from repairs.models import ItemPhoto, RepairOrder


def test_without_storage_url_files_stay_under_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**storage.storages_setting(""), "staticfiles": settings.STORAGES["staticfiles"]}
    assert storages["default"].location == str(tmp_path)
    assert storages["private"].location == str(tmp_path / "private")


def test_an_s3_url_configures_both_storages_in_one_bucket_without_the_network(settings):
    url = "s3://AKID:se%2Fcret@oss-cn-hangzhou.aliyuncs.com/desk-files/hx?region=cn-hangzhou&addressing=virtual"
    settings.STORAGES = {**storage.storages_setting(url), "staticfiles": settings.STORAGES["staticfiles"]}
    default, private = storages["default"], storages["private"]
    assert type(default).__name__ == "S3Storage"
    assert default.bucket_name == private.bucket_name == "desk-files"
    assert (default.location, private.location) == ("hx", "hx/private")
    assert default.endpoint_url == "https://oss-cn-hangzhou.aliyuncs.com" and default.region_name == "cn-hangzhou"
    assert default.access_key == "AKID" and default.secret_key == "se/cret"
    assert default.default_acl == "private" and default.file_overwrite is False and default.addressing_style == "virtual"
    minio = storage.storages_setting("s3://k:s@127.0.0.1:9000/bucket?scheme=http")["default"]["OPTIONS"]
    assert minio["endpoint_url"] == "http://127.0.0.1:9000" and minio["location"] == ""


@pytest.mark.parametrize("url", ["http://host/bucket", "s3://host", "s3:///bucket"])
def test_a_malformed_storage_url_is_refused_at_start(url):
    with pytest.raises(ValueError):
        storage.storages_setting(url)


def test_the_models_file_fields_follow_the_storages_setting(settings):
    settings.STORAGES = {"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                         "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                         "staticfiles": settings.STORAGES["staticfiles"]}
    field_storage = ItemPhoto._meta.get_field("image").storage
    assert isinstance(field_storage, InMemoryStorage)
    name = field_storage.save("probe.txt", __import__("io").BytesIO(b"x"))
    assert storages["private"].exists(name) and not storages["default"].exists(name)
    assert RepairOrder._meta.get_field("intake_signature").storage.exists(name)
