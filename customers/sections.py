"""Cards other apps add to the customer's page, below the purchases (repairs: the customer's orders).

    def repair_orders(*, request, customer) -> str:      # rendered HTML; "" shows nothing
        return render_to_string("repairs/_customer_orders.html", {...}, request=request)

    sections.register(repair_orders)      # in the app's AppConfig.ready()

A section reads through roles.scoped itself and runs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable

Section = Callable[..., str]
_sections: list[Section] = []


def register(section: Section) -> Section:
    if section not in _sections:
        _sections.append(section)
    return section


def render(*, request, customer) -> list[str]:
    return [html for html in (section(request=request, customer=customer) for section in _sections) if html]
