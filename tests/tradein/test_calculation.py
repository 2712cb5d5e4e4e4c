"""The one pure calculation: the four worked examples of shared/domain.md, boundaries, Decimal only."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradein.calculation import NewIn, OldIn, calculate_quote

D = Decimal


def quote(rule, old, new, price, **kw):
    return calculate_quote(rule=rule, old_pieces=[OldIn(weight=D(old))], new_pieces=[NewIn(weight=D(new))], price_per_gram=D(price), **kw)


GENERIC = {"code": "GEN", "category": "pure_gold", "fee_per_gram": "20", "labour_mode": "c", "labour_per_piece": "100"}
MODE_A = {"code": "A25", "category": "pure_gold", "fee_per_gram": "30", "labour_mode": "a", "labour_per_gram": "20",
          "uplift_percent": "25", "uplift_boundary": "inclusive"}
OWN = {"code": "OWN", "category": "pure_gold", "fee_per_gram": "10", "labour_mode": "none"}
OTHER = {"code": "OTH", "category": "pure_gold", "loss_rate": "3", "fee_mode": "percent", "fee_percent": "8",
         "uplift_percent": "20", "uplift_boundary": "strict", "labour_mode": "none"}


def test_generic_example():
    result = quote(GENERIC, "10", "15", "400")
    assert result.amount == D("2300.00") and result.ok


def test_mode_a_inclusive_uplift_example_and_its_refusal():
    assert quote(MODE_A, "20", "25.00", "1000").amount == D("6100.00")
    refused = quote(MODE_A, "20", "24.99", "1000")
    assert not refused.ok
    assert "new weight 24.99 g is below 25.00 g required" in refused.refusals[0].en
    assert "新件重量 24.99 克 低于所需 25.00 克" in refused.refusals[0].zh
    assert "A25" in refused.refusals[0].en


def test_own_brand_example():
    assert quote(OWN, "30", "36", "1000").amount == D("6300.00")


def test_other_brand_strict_uplift_fee_as_percent_example():
    result = quote(OTHER, "10", "12.50", "1000")
    assert result.amount == D("3600.00") and result.ok
    assert result.line("credited_weight").en == "credited weight = 10.00 g × (1 − 3 %) = 9.70 g"
    assert result.line("credited_weight").zh == "折算重量 = 10.00 克 × (1 − 3 %) = 9.70 克"
    refused = quote(OTHER, "10", "12.00", "1000")
    assert not refused.ok and "not more than 12.00 g required" in refused.refusals[0].en


def test_every_line_has_its_formula_in_both_languages():
    result = quote(MODE_A, "20", "25.00", "1000")
    keys = [line.key for line in result.lines]
    assert keys == ["old_weight", "credited_weight", "new_weight", "required_weight", "metal", "fee", "labour", "amount"]
    for line in result.lines:
        assert "=" in line.zh and "=" in line.en and line.zh != line.en


def test_fineness_below_the_rule_is_refused_with_the_reason():
    rule = {**OWN, "min_fineness": 990}
    result = calculate_quote(rule=rule, old_pieces=[OldIn(weight=D("10"), fineness=D("985"), label="戒指")],
                             new_pieces=[NewIn(weight=D("12"))], price_per_gram=D("500"))
    assert not result.ok
    assert "985" in result.refusals[0].en and "990" in result.refusals[0].en and "OWN" in result.refusals[0].en
    exactly = calculate_quote(rule=rule, old_pieces=[OldIn(weight=D("10"), fineness=D("990"))], new_pieces=[NewIn(weight=D("12"))],
                              price_per_gram=D("500"))
    assert exactly.ok


def test_mode_b_new_piece_lighter_than_old_is_refused():
    rule = {"code": "B", "category": "pure_gold", "labour_mode": "b", "labour_per_gram": "15"}
    assert quote(rule, "10", "12", "500").line("labour").value == D("30")
    refused = quote(rule, "10", "9.5", "500")
    assert [r.code for r in refused.refusals] == ["mode_b_lighter"]


def test_fixed_price_same_category_only_and_fee_waived_above_a_difference():
    rule = {"code": "FP", "category": "fixed_price", "same_category_only": True, "piece_fee": "50", "fee_waived_above": "1000"}
    old = [OldIn(weight=D("5"), original_price=D("2000"))]
    other = calculate_quote(rule=rule, old_pieces=old, new_pieces=[NewIn(weight=D("5"), category="pure_gold", tag_price=D("2500"))],
                            price_per_gram=D("500"))
    assert [r.code for r in other.refusals] == ["category"]
    small = calculate_quote(rule=rule, old_pieces=old, new_pieces=[NewIn(weight=D("5"), category="fixed_price", tag_price=D("2500"))],
                            price_per_gram=D("500"))
    assert small.amount == D("550.00")
    big = calculate_quote(rule=rule, old_pieces=old, new_pieces=[NewIn(weight=D("5"), category="fixed_price", tag_price=D("3000"))],
                          price_per_gram=D("500"))
    assert big.amount == D("1000.00")


def test_k_gold_depreciation():
    rule = {"code": "K", "category": "k_gold", "depreciation_percent": "20"}
    result = calculate_quote(rule=rule, old_pieces=[OldIn(weight=D("3"), fineness=750, original_price=D("1500"))],
                             new_pieces=[NewIn(weight=D("4"), category="k_gold", tag_price=D("2600"))], price_per_gram=D("450"))
    assert result.amount == D("1400.00")


def test_buyback_store_pays_weight_times_fineness_times_price_minus_fee():
    result = calculate_quote(rule=OWN, old_pieces=[OldIn(weight=D("10"), fineness=990)], new_pieces=[], price_per_gram=D("500"),
                             buyback=True)
    assert result.amount == D("-4850.00")
    assert "9.90 g" in result.line("fine_1").en


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        calculate_quote(rule=OWN, old_pieces=[OldIn(weight=10.0)], new_pieces=[NewIn(weight=D("12"))], price_per_gram=D("500"))
    with pytest.raises(TypeError):
        calculate_quote(rule=OWN, old_pieces=[OldIn(weight=D("10"))], new_pieces=[NewIn(weight=D("12"))], price_per_gram=500.0)


def test_money_is_rounded_once_at_the_end_and_weights_never():
    # 3 % of 10.005 g = 0.30015 g: rounding the weight would change the amount.
    rule = {"code": "R", "category": "pure_gold", "loss_rate": "3", "fee_per_gram": "12.35"}
    result = quote(rule, "10.005", "12.345", "601.23")
    credited = D("10.005") * (1 - D("3") / 100)
    exact = (D("12.345") - credited) * D("601.23") + D("10.005") * D("12.35")
    assert result.line("credited_weight").value == credited == D("9.70485")
    assert result.exact == exact
    assert result.amount == exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)


weights = st.decimals(min_value=D("0.01"), max_value=D("500"), places=3, allow_nan=False, allow_infinity=False)
prices = st.decimals(min_value=D("0.01"), max_value=D("2000"), places=2, allow_nan=False, allow_infinity=False)
percents = st.decimals(min_value=D("0"), max_value=D("60"), places=2, allow_nan=False, allow_infinity=False)
modes = st.sampled_from(["none", "a", "b", "c"])


@settings(max_examples=200, deadline=None)
@given(old=weights, new=weights, extra=weights, price=prices, loss=percents, fee=prices, mode=modes)
def test_amount_never_decreases_as_the_new_weight_grows(old, new, extra, price, loss, fee, mode):
    rule = {"code": "P", "category": "pure_gold", "loss_rate": loss, "fee_per_gram": fee, "labour_mode": mode,
            "labour_per_gram": D("12"), "labour_per_piece": D("80")}
    lighter = quote(rule, old, new, price)
    heavier = quote(rule, old, new + extra, price)
    assert heavier.amount >= lighter.amount
    assert heavier.exact >= lighter.exact


@settings(max_examples=200, deadline=None)
@given(old=weights, uplift=percents.filter(lambda p: p > 0), delta=st.sampled_from([D("-0.001"), D("0"), D("0.001")]),
       boundary=st.sampled_from(["inclusive", "strict"]))
def test_uplift_boundary_is_inclusive_or_strict_exactly_as_configured(old, uplift, delta, boundary):
    rule = {"code": "U", "category": "pure_gold", "uplift_percent": uplift, "uplift_boundary": boundary}
    required = old * (1 + uplift / 100)
    result = quote(rule, old, required + delta, "500")
    refused = any(r.code == "uplift" for r in result.refusals)
    if delta < 0:
        assert refused
    elif delta == 0:
        assert refused == (boundary == "strict")
    else:
        assert not refused


@settings(max_examples=200, deadline=None)
@given(old=weights, new=weights, price=prices, loss=percents, fee=percents, mode=modes)
def test_no_float_enters_and_the_amount_is_the_exact_total_rounded_once(old, new, price, loss, fee, mode):
    rule = {"code": "F", "category": "pure_gold", "loss_rate": loss, "fee_mode": "percent", "fee_percent": fee, "labour_mode": mode,
            "labour_per_gram": D("9.99"), "labour_per_piece": D("33.33")}
    result = quote(rule, old, new, price)
    for line in result.lines:
        assert isinstance(line.value, Decimal)
    assert isinstance(result.exact, Decimal)
    assert result.amount == result.exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    parts = [line.value for line in result.lines if line.unit == "yuan" and line.key != "amount"]
    assert sum(parts, D(0)) == result.exact  # the lines add up to the unrounded total: nothing rounded on the way
