"""A real 3-item repair order with Chinese text, photos and the customer's signature."""

from decimal import Decimal

from repairs.models import RepairOrder
from tests.repairs.factories import customer, item, jpeg_bytes, make_order, service, signature_data_url

FULL_PHONE = "13912345678"


def three_item_order(store, **kwargs) -> RepairOrder:
    cust = customer(store, phone="+86" + FULL_PHONE, name="王小红")
    items = [
        item(category="bangle", material="au999", hallmark="足金999", description="古法足金手镯，龙凤纹", intake_weight=Decimal("32.47"),
             stone_count=0, condition_notes="外圈有多处划痕", photos=[jpeg_bytes(size=(320, 240))],
             jobs=[{"service_type": service("reshape"), "quantity": 1}, {"service_type": service("polish"), "quantity": 1}]),
        item(category="ring", material="pt950", hallmark="Pt950", description="铂金钻戒，六爪镶", intake_weight=Decimal("4.06"),
             stone_count=7, missing_stones=True, jobs=[{"service_type": service("replace-stone"), "quantity": 1}]),
        item(category="necklace", material="pearl", hallmark="", description="淡水珍珠项链，约四十五厘米", intake_weight=Decimal("28.90"),
             stone_count=0, jobs=[{"service_type": service("restring"), "quantity": 1}]),
    ]
    return make_order(store, customer=cust, items=items, signature_data_url=signature_data_url(), **kwargs)
