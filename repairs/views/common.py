"""What the repair pages share: a cheap pager, error text, the scoped order lookup."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from aftersales.pages import CheapPage, errors_text  # noqa: F401  (the repair views import them from here)

from .. import selectors


def order_or_404(request, number: str):
    return get_object_or_404(selectors.order_detail(user=request.user, number=number))
