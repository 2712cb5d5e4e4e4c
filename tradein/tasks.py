"""The price-lock sweep: beat runs it through notifications.run_sweep (see settings)."""

from django.utils.translation import gettext_lazy as _

from aftersales.notifications import sweeps

from .services import quotes

EXPIRY = "tradein.price_lock_expiry"

sweeps.sweep(name=EXPIRY, label=_("Trade-in quotes whose price lock ended"), due=quotes.expiry_due)(quotes.expire)
