"""Sections other apps add to the store settings page (repairs: the store's closed days).

    def closed_days(*, request, store) -> str:      # rendered HTML; "" shows nothing
        return render_to_string("repairs/_closed_days.html", {...}, request=request)

    store_sections.register(closed_days)      # in the app's AppConfig.ready()

A section posts to its own app's URLs and sends the manager back to the store page.
"""

from __future__ import annotations

from collections.abc import Callable

Section = Callable[..., str]
_sections: list[Section] = []


def register(section: Section) -> Section:
    if section not in _sections:
        _sections.append(section)
    return section


def render(*, request, store) -> list[str]:
    return [html for html in (section(request=request, store=store) for section in _sections) if html]
