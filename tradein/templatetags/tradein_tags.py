from django import template

from aftersales import roles

register = template.Library()


@register.simple_tag(takes_context=True)
def may_tradein(context, action: str) -> bool:
    """{% may_tradein "ledger" as can %}: whether the viewer may do tradein.<action> in the current store."""
    request = context.get("request")
    if request is None or getattr(request, "store", None) is None:
        return False
    return roles.may(request.user, request.store, f"tradein.{action}")
