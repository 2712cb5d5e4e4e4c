"""Photos and signatures: the core's helper (aftersales.images), shared with trade-in and cases."""

from aftersales.images import (  # noqa: F401
    MAX_BYTES,
    SIGNATURE_KEEP,
    SIGNATURE_MAX_BYTES,
    SIGNATURE_MAX_PIXELS,
    clean_image,
    signature_from_data_url,
)
