"""System checks for what the documents need at run time."""

from django.core.checks import Error, register


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
