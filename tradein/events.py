"""The trade-in app's events in words."""

from django.utils.translation import gettext_lazy as _

from aftersales.audit import register_kinds

from .models import MetalPrice


def register() -> None:
    register_kinds({"metal_price.set": _("Metal price set")}, subject=MetalPrice)
