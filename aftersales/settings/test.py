from .base import *  # noqa: F403
from .base import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    # Both follow MEDIA_ROOT, which tests point at a temporary folder.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "aftersales.storage.PrivateFileSystemStorage"},
    # Static files as the development settings serve them: no collectstatic needed.
    "staticfiles": STORAGES["staticfiles"],  # noqa: F405
}

# Tests (and their worker subprocesses, which use these settings too) get a broker folder of
# their own, so a desk running from the same checkout never takes or mixes their messages.
if not REDIS_URL:  # noqa: F405
    BROKER_DIR = BASE_DIR / "var" / "test-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": CELERY_BROKER_TRANSPORT_OPTIONS["polling_interval"],  # noqa: F405
    }
