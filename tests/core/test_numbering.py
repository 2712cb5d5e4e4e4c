import pytest
import time_machine

from aftersales.numbering import next_number


@pytest.mark.django_db
def test_numbers_carry_store_code_and_month_and_count_up(store, other_store):
    with time_machine.travel("2026-11-05 10:00 +0800", tick=False):
        assert next_number(store=store, kind="R") == "HX-R2611-00001"
        assert next_number(store=store, kind="R") == "HX-R2611-00002"
        assert next_number(store=other_store, kind="R") == "DT-R2611-00001"
        assert next_number(store=store, kind="T") == "HX-T2611-00001"
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        assert next_number(store=store, kind="R") == "HX-R2612-00001"
