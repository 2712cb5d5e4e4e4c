from aftersales.notifications.models import Message
from customers.models import Customer
from tests.notifications.helpers import to


def _message(store) -> dict:
    customer = Customer.objects.create(name="外店", phone="+8613700000000", phone_last4="0000", home_store=store)
    message = Message.objects.create(**to(customer), store=store, kind="ready_for_pickup", language="zh-hans",
                                     body="x", dedupe_key=f"foreign:{store.pk}:{Message.objects.count()}", status="failed")
    return {"pk": message.pk}


FOREIGN = {
    "notifications:message": _message,
    "notifications:message_retry": _message,
}
