"""A whole intake without the mouse: Tab order, Enter picks the single match, scanner input stays put."""

import pytest

from repairs.models import RepairOrder
from tests.conftest import browser_login, wait_for_js
from tests.customers.factories import CustomerFactory

from .factories import service


def active_id(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.name || document.activeElement.tagName")


def tab_to(page, target: str, path: list, limit: int = 120) -> None:
    for _ in range(limit):
        if active_id(page) == target:
            return
        page.keyboard.press("Tab")
        path.append(active_id(page))
    raise AssertionError(f"{target} is not reachable with Tab; went through {path}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_whole_intake_from_the_keyboard_and_a_scanner(page, counter, store):
    polish = service("polish")
    wang = CustomerFactory(home_store=store, name="王芳", phone="+8613812345678")
    page.set_viewport_size({"width": 1024, "height": 768})
    browser_login(page, "counter")
    page.goto(page.base_url + "/repairs/new/")
    wait_for_js(page, "document.activeElement.id === 'id_phone'")  # the phone box has the focus when the page opens

    # The last four digits and Enter: the single match is picked and the focus moves on.
    page.keyboard.type("5678")
    page.keyboard.press("Enter")
    wait_for_js(page, "document.activeElement.id === 'id_promised_date'")
    assert page.is_checked(f"#customer-{wang.pk}")
    assert page.url.endswith("/repairs/new/")  # Enter did not send the half-filled form

    path: list = []
    tab_to(page, "id_items-0-category", path)
    page.keyboard.press("ArrowDown")  # the first category
    tab_to(page, "id_items-0-material", path)
    page.keyboard.press("ArrowDown")
    tab_to(page, "id_items-0-description", path)
    page.keyboard.type("18K 戒指 变形")

    # A scale (or scanner) types the reading and presses Enter: it lands in the focused field,
    # nothing is sent, and the counter is in the next field.
    tab_to(page, "id_items-0-intake_weight", path)
    page.keyboard.type("3.21")
    page.keyboard.press("Enter")
    assert page.input_value("#id_items-0-intake_weight") == "3.21"
    assert active_id(page) == "id_items-0-piece_count"
    assert page.url.endswith("/repairs/new/")
    path.append(active_id(page))

    tab_to(page, "id_items-0-job1", path)
    page.keyboard.press("ArrowDown")
    tab_to(page, "id_risks_acknowledged", path)
    page.keyboard.press("Space")
    tab_to(page, "save-intake", path)

    # A sensible order: the page's own fields in reading order, never the navigation in between.
    expected = ["id_promised_date", "id_rush", "id_do_not_exceed", "id_deposit", "id_deposit_method", "id_notes",
                "id_items-0-category", "id_items-0-material", "id_items-0-hallmark", "id_items-0-description",
                "id_items-0-intake_weight", "id_items-0-piece_count", "id_items-0-stone_count", "id_items-0-job1",
                "add-item", "id_risks_acknowledged", "save-intake"]
    positions = [path.index(name) if name in path else -1 for name in expected[1:]]
    assert -1 not in positions, [n for n, p in zip(expected[1:], positions, strict=True) if p == -1]
    assert positions == sorted(positions), path
    assert "global-search" not in path

    page.keyboard.press("Enter")
    page.wait_for_selector("#order-number")
    order = RepairOrder.objects.get()
    item = order.items.get()
    assert order.customer == wang and str(item.intake_weight) == "3.210" and item.description == "18K 戒指 变形"
    assert item.jobs.count() == 1 and polish.pk
