"""The order page's print panel and stored versions, without touching the detail view."""

from django import template

from aftersales import roles
from aftersales.documents import selectors as doc_selectors

register = template.Library()


@register.inclusion_tag("repairs/_print_buttons.html", takes_context=True)
def print_buttons(context, order):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "order": order,
        "pickups": list(order.pickups.all()),
        "is_manager": bool(user and roles.may(user, order.store, "repairs.revoke_status_link")),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("repairs/_stored_documents.html")
def stored_documents(order):
    return {"documents": list(doc_selectors.documents_for(subject=order))}
