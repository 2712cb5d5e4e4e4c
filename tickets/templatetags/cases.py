from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.inclusion_tag("tickets/_nav_badge.html", takes_context=True)
def case_queue(context):
    """The navigation's counts: my open cases, to acknowledge, overdue, unread alerts (three small counts)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"counts": None}
    counts = getattr(request, "_case_counts", None)  # the case list computed them already
    if counts is None:
        counts = selectors.queue_counts(user=user, store=getattr(request, "store", None), now=timezone.now())
    return {"counts": counts}
