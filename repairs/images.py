"""Photos and signatures: the core's helper (aftersales.images), shared with trade-in."""

from aftersales.images import MAX_BYTES, clean_image, signature_from_data_url  # noqa: F401
