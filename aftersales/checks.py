"""System checks for what the documents need at run time."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register()
def check_harfbuzz_subset(app_configs, **kwargs):
    import ctypes.util

    if ctypes.util.find_library("harfbuzz-subset") is None:
        return [
            Error(
                "libharfbuzz-subset0 is missing: WeasyPrint would fall back to a font subsetter about 100 times slower.",
                hint="apt-get install libharfbuzz-subset0 (make deps does it).",
                id="aftersales.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_public_base_url(app_configs, **kwargs):
    if not settings.PUBLIC_BASE_URL.startswith(("https://", "http://")):
        return [
            Error(
                "PUBLIC_BASE_URL is not set: the QR code on receipts would point at whatever address a request came in on.",
                hint="Set PUBLIC_BASE_URL to the address customers' phones reach, e.g. https://desk.example.cn.",
                id="aftersales.E002",
            )
        ]
    return []
