"""The trade-in and buyback calculation: ONE pure function, `calculate_quote`.

    from tradein.calculation import NewIn, OldIn, calculate_quote
    result = calculate_quote(rule=rule_or_snapshot, old_pieces=[OldIn(weight=Decimal("20"), fineness=999)],
                             new_pieces=[NewIn(weight=Decimal("25.00"), category="pure_gold")],
                             price_per_gram=Decimal("1000"))
    result.amount      # Decimal("6100.00"); None when nothing can be computed
    result.refusals    # () or the reasons, each naming the rule and by how much
    result.lines       # every figure with its formula in words, zh-Hans and English

No database, no clock, no translation machinery: a support script or a test calls it with a rule
(a `Rule`, or the snapshot dict stored with a quote), the pieces and the day's price. Everything is
Decimal (a float is refused with TypeError); weights are never rounded on the way, and money is
rounded exactly once, at the end, half-up to 0.01 yuan (`aftersales.money.round_money`).

Formulas (shared/domain.md, Gold trade-in):
    credited weight = old weight × (1 − loss rate)
    old-piece fee   = old weight × fee per gram   (or old weight × price × fee %)
    labour          = A: new weight × labour/g · B: (new − old weight) × labour/g · C: pieces × labour/piece
    to pay          = (new weight − credited weight) × price + old-piece fee + labour (+ tag-priced new pieces)
    uplift          = new weight ≥ old × (1 + uplift) ('以上', inclusive) or > (‘超过’, strict)
    fixed price / diamond: same category only; to pay = new price − original price (+ fee, waived above a difference)
    K gold          : to pay = new price − original price × (1 − depreciation)
    buyback         : the store pays Σ weight × fineness ‰ × buyback price − fee (amount is negative)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from aftersales.money import _decimal, round_money

HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)
ZERO = Decimal(0)
WEIGHT_CATEGORIES = {"pure_gold", "platinum", "silver"}
PRICE_DIFFERENCE_CATEGORIES = {"fixed_price", "diamond"}

CATEGORY_WORDS = {
    "pure_gold": ("足金", "pure gold"), "platinum": ("铂金", "platinum"), "k_gold": ("K金", "K gold"),
    "silver": ("银", "silver"), "fixed_price": ("一口价", "fixed-price"), "diamond": ("钻石", "diamond"),
}


@dataclass(frozen=True)
class OldIn:
    """An old piece as the calculation sees it: the weight credited (net, or after melting) and
    the fineness used (from the purity test, else the hallmark)."""

    weight: Decimal
    fineness: Decimal | int = 1000
    original_price: Decimal | None = None
    label: str = ""


@dataclass(frozen=True)
class NewIn:
    weight: Decimal
    category: str = "pure_gold"
    tag_price: Decimal | None = None  # set: the piece is sold at its tag price, not by weight
    label: str = ""


@dataclass(frozen=True)
class Line:
    key: str
    value: Decimal
    unit: str  # "g", "yuan" or "‰"
    zh: str
    en: str

    def as_dict(self) -> dict:
        return {"key": self.key, "value": str(self.value), "unit": self.unit, "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Refusal:
    code: str
    zh: str
    en: str

    def as_dict(self) -> dict:
        return {"code": self.code, "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class QuoteResult:
    lines: tuple[Line, ...]
    refusals: tuple[Refusal, ...]
    exact: Decimal | None   # the unrounded total
    amount: Decimal | None  # rounded once, half-up to 0.01; + the customer pays, − the store pays

    @property
    def ok(self) -> bool:
        return not self.refusals and self.amount is not None

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)


def _num(value, places: int = 2) -> str:
    """A number as written on the sheet: at least `places` decimals, never rounded (so the
    words show the exact figure the calculation used)."""
    value = _decimal(value)
    exponent = value.normalize().as_tuple().exponent
    shown = max(places, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return f"{value:.{shown}f}"


def _g(value) -> tuple[str, str]:
    text = _num(value)
    return f"{text} 克", f"{text} g"


def _y(value) -> str:
    return _num(value)


def _pct(value) -> str:
    return f"{_decimal(value).normalize():f} %"


def _param(rule, name: str, default=None):
    value = rule.get(name, default) if isinstance(rule, Mapping) else getattr(rule, name, default)
    return default if value is None else value


def _dec(rule, name: str) -> Decimal:
    return _decimal(_param(rule, name, "0"))


def _rule_name(rule) -> str:
    return str(_param(rule, "code", "") or _param(rule, "name", ""))


def calculate_quote(*, rule, old_pieces: Sequence[OldIn], new_pieces: Sequence[NewIn], price_per_gram, buyback: bool = False) -> QuoteResult:
    """Compute a trade-in (or, with buyback=True, a buyback) quote. Pure: see the module docstring.

    `rule` is a tradein.models.Rule or its snapshot dict; `price_per_gram` is the day's price of
    the new piece's fineness (trade-in) or the buyback price per gram of fine metal (buyback).
    """
    price = _decimal(price_per_gram)
    olds = [OldIn(weight=_decimal(o.weight), fineness=_decimal(o.fineness),
                  original_price=None if o.original_price is None else _decimal(o.original_price), label=o.label) for o in old_pieces]
    news = [NewIn(weight=_decimal(n.weight), category=n.category,
                  tag_price=None if n.tag_price is None else _decimal(n.tag_price), label=n.label) for n in new_pieces]
    code = _rule_name(rule)
    lines: list[Line] = []
    refusals: list[Refusal] = []

    if not olds:
        refusals.append(Refusal("no_old_piece", "没有旧件。", "There is no old piece."))
        return QuoteResult(tuple(lines), tuple(refusals), None, None)

    min_fineness = _decimal(_param(rule, "min_fineness", 0))
    for i, o in enumerate(olds, 1):
        name = o.label or f"#{i}"
        if o.fineness < min_fineness:
            refusals.append(Refusal(
                "fineness",
                f"旧件 {name} 成色 {o.fineness.normalize():f}‰ 低于规则 {code} 的最低成色 {min_fineness.normalize():f}‰，不予回收。",
                f"Old piece {name}: fineness {o.fineness.normalize():f} ‰ is below the {min_fineness.normalize():f} ‰ "
                f"rule {code} accepts.",
            ))

    category = str(_param(rule, "category", "pure_gold"))
    old_weight = sum((o.weight for o in olds), ZERO)
    zh_w, en_w = _g(old_weight)
    lines.append(Line("old_weight", old_weight, "g", f"旧件重量 = {zh_w}", f"old weight = {en_w}"))

    if buyback:
        return _buyback(rule, olds, price, lines, refusals)
    if category in WEIGHT_CATEGORIES:
        return _by_weight(rule, olds, news, price, old_weight, lines, refusals)
    return _by_price(rule, category, olds, news, price, lines, refusals)


def _terms(parts: list[tuple[str, Decimal]]) -> str:
    text = ""
    for i, (label, value) in enumerate(parts):
        sign = ("− " if i else "−") if value < 0 else ("+ " if i else "")
        text += (" " if i else "") + f"{sign}{label} {_y(abs(value))}"
    return text


def _finish(lines: list[Line], refusals: list[Refusal], parts: list[tuple[str, str, Decimal]], *, store_pays: bool = False) -> QuoteResult:
    exact = sum((value for _zh, _en, value in parts), ZERO)
    if store_pays:
        exact = -exact
    amount = round_money(exact)
    zh_terms = _terms([(zh, v) for zh, _en, v in parts])
    en_terms = _terms([(en, v) for _zh, en, v in parts])
    if store_pays:
        lines.append(Line("amount", amount, "yuan",
                          f"本店应付 = {zh_terms} = {_y(-exact)} 元，四舍五入到分 = {_y(-amount)} 元",
                          f"the store pays = {en_terms} = {_y(-exact)} yuan, rounded half-up to 0.01 = {_y(-amount)} yuan"))
    else:
        lines.append(Line("amount", amount, "yuan",
                          f"应付 = {zh_terms} = {_y(exact)} 元，四舍五入到分 = {_y(amount)} 元",
                          f"to pay = {en_terms} = {_y(exact)} yuan, rounded half-up to 0.01 = {_y(amount)} yuan"))
    return QuoteResult(tuple(lines), tuple(refusals), exact, amount)


def _fee(rule, old_weight: Decimal, price: Decimal, lines: list[Line]) -> Decimal:
    zh_w, en_w = _g(old_weight)
    if _param(rule, "fee_mode", "per_gram") == "percent":
        percent = _dec(rule, "fee_percent")
        fee = old_weight * price * percent / HUNDRED
        lines.append(Line("fee", fee, "yuan",
                          f"旧料费 = {zh_w} × {_y(price)} 元/克 × {_pct(percent)} = {_y(fee)} 元",
                          f"old-piece fee = {en_w} × {_y(price)} yuan/g × {_pct(percent)} = {_y(fee)} yuan"))
    else:
        per_gram = _dec(rule, "fee_per_gram")
        fee = old_weight * per_gram
        lines.append(Line("fee", fee, "yuan",
                          f"旧料费 = {zh_w} × {_y(per_gram)} 元/克 = {_y(fee)} 元",
                          f"old-piece fee = {en_w} × {_y(per_gram)} yuan/g = {_y(fee)} yuan"))
    return fee


def _by_weight(rule, olds, news, price, old_weight, lines, refusals) -> QuoteResult:
    code = _rule_name(rule)
    loss = _dec(rule, "loss_rate")
    credited = old_weight * (1 - loss / HUNDRED)
    zh_o, en_o = _g(old_weight)
    zh_c, en_c = _g(credited)
    lines.append(Line("credited_weight", credited, "g",
                      f"折算重量 = {zh_o} × (1 − {_pct(loss)}) = {zh_c}",
                      f"credited weight = {en_o} × (1 − {_pct(loss)}) = {en_c}"))

    by_gram = [n for n in news if n.tag_price is None]
    tagged = [n for n in news if n.tag_price is not None]
    new_weight = sum((n.weight for n in by_gram), ZERO)
    zh_n, en_n = _g(new_weight)
    lines.append(Line("new_weight", new_weight, "g", f"新件重量 = {zh_n}", f"new weight = {en_n}"))

    uplift = _dec(rule, "uplift_percent")
    if uplift > 0:
        required = old_weight * (1 + uplift / HUNDRED)
        zh_r, en_r = _g(required)
        strict = _param(rule, "uplift_boundary", "inclusive") == "strict"
        lines.append(Line("required_weight", required, "g",
                          f"新件至少 = {zh_o} × (1 + {_pct(uplift)}) = {zh_r}（{'超过' if strict else '以上'}）",
                          f"new weight required = {en_o} × (1 + {_pct(uplift)}) = {en_r} ({'more than' if strict else 'at least'})"))
        if strict and not new_weight > required:
            refusals.append(Refusal(
                "uplift",
                f"新件重量 {zh_n} 未超过所需 {zh_r}（规则 {code}：须超过旧件 × (1 + {_pct(uplift)})）。",
                f"new weight {en_n} is not more than {en_r} required (rule {code}: more than old × (1 + {_pct(uplift)})).",
            ))
        elif not strict and new_weight < required:
            short = required - new_weight
            refusals.append(Refusal(
                "uplift",
                f"新件重量 {zh_n} 低于所需 {zh_r}（规则 {code}：至少旧件 × (1 + {_pct(uplift)})，差 {_num(short)} 克）。",
                f"new weight {en_n} is below {en_r} required (rule {code}: at least old × (1 + {_pct(uplift)}); short by {_num(short)} g).",
            ))

    metal = (new_weight - credited) * price
    lines.append(Line("metal", metal, "yuan",
                      f"金料差价 = ({zh_n} − {zh_c}) × {_y(price)} 元/克 = {_y(metal)} 元",
                      f"metal difference = ({en_n} − {en_c}) × {_y(price)} yuan/g = {_y(metal)} yuan"))
    parts = [("金料差价", "metal difference", metal)]
    fee = _fee(rule, old_weight, price, lines)
    parts.append(("旧料费", "old-piece fee", fee))

    mode = _param(rule, "labour_mode", "none")
    if mode == "a":
        per_gram = _dec(rule, "labour_per_gram")
        labour = new_weight * per_gram
        zh_f, en_f = f"{zh_n} × {_y(per_gram)} 元/克", f"{en_n} × {_y(per_gram)} yuan/g"
    elif mode == "b":
        per_gram = _dec(rule, "labour_per_gram")
        added = new_weight - old_weight
        if added < 0:
            refusals.append(Refusal(
                "mode_b_lighter",
                f"新件重量 {zh_n} 轻于旧件 {zh_o}：规则 {code} 按增加克重计工费，新件须不轻于旧件。",
                f"new weight {en_n} is lighter than the old {en_o}: rule {code} charges labour per added gram, "
                "so the new piece may not be lighter.",
            ))
        labour = added * per_gram
        zh_f, en_f = f"({zh_n} − {zh_o}) × {_y(per_gram)} 元/克", f"({en_n} − {en_o}) × {_y(per_gram)} yuan/g"
    elif mode == "c":
        per_piece = _dec(rule, "labour_per_piece")
        labour = len(by_gram) * per_piece
        zh_f, en_f = f"{len(by_gram)} 件 × {_y(per_piece)} 元/件", f"{len(by_gram)} × {_y(per_piece)} yuan per piece"
    else:
        labour = None
    if labour is not None:
        lines.append(Line("labour", labour, "yuan", f"新件工费 = {zh_f} = {_y(labour)} 元", f"labour = {en_f} = {_y(labour)} yuan"))
        parts.append(("新件工费", "labour", labour))

    for i, n in enumerate(tagged, 1):
        name = n.label or f"#{i}"
        lines.append(Line(f"tag_{i}", n.tag_price, "yuan", f"标价新件 {name} = {_y(n.tag_price)} 元",
                          f"tag-priced new piece {name} = {_y(n.tag_price)} yuan"))
        parts.append((f"标价新件 {name}", f"tag-priced {name}", n.tag_price))
    return _finish(lines, refusals, parts)


def _new_price(n: NewIn, price: Decimal) -> tuple[Decimal, str, str]:
    if n.tag_price is not None:
        return n.tag_price, f"标价 {_y(n.tag_price)} 元", f"tag price {_y(n.tag_price)} yuan"
    zh_n, en_n = _g(n.weight)
    value = n.weight * price
    return value, f"{zh_n} × {_y(price)} 元/克", f"{en_n} × {_y(price)} yuan/g"


def _by_price(rule, category, olds, news, price, lines, refusals) -> QuoteResult:
    code = _rule_name(rule)
    cat_zh, cat_en = CATEGORY_WORDS.get(category, (category, category))
    if bool(_param(rule, "same_category_only", False)) or category in PRICE_DIFFERENCE_CATEGORIES:
        for i, n in enumerate(news, 1):
            if n.category != category:
                other_zh, other_en = CATEGORY_WORDS.get(n.category, (n.category, n.category))
                name = n.label or f"#{i}"
                refusals.append(Refusal(
                    "category",
                    f"新件 {name} 是{other_zh}：规则 {code} 规定{cat_zh}旧件只能换同类新件。",
                    f"new piece {name} is {other_en}: rule {code} trades {cat_en} pieces for the same category only.",
                ))
    if not news:
        refusals.append(Refusal("no_new_piece", "没有新件。", "There is no new piece."))
    new_total = ZERO
    for i, n in enumerate(news, 1):
        value, zh_f, en_f = _new_price(n, price)
        new_total += value
        name = n.label or f"#{i}"
        lines.append(Line(f"new_price_{i}", value, "yuan", f"新件 {name} 价格 = {zh_f} = {_y(value)} 元",
                          f"new piece {name} price = {en_f} = {_y(value)} yuan"))
    original = ZERO
    for i, o in enumerate(olds, 1):
        name = o.label or f"#{i}"
        if o.original_price is None:
            refusals.append(Refusal("original_price", f"旧件 {name} 缺少原价。", f"Old piece {name} has no original price."))
            continue
        original += o.original_price
    lines.append(Line("original_price", original, "yuan", f"旧件原价合计 = {_y(original)} 元", f"original prices = {_y(original)} yuan"))
    parts = [("新件价格", "new price", new_total)]
    if category == "k_gold":
        dep = _dec(rule, "depreciation_percent")
        credited = original * (1 - dep / HUNDRED)
        lines.append(Line("credited_price", credited, "yuan",
                          f"旧件折价 = {_y(original)} 元 × (1 − {_pct(dep)}) = {_y(credited)} 元",
                          f"credited value = {_y(original)} yuan × (1 − {_pct(dep)}) = {_y(credited)} yuan"))
        parts.append(("旧件折价", "credited value", -credited))
    else:
        parts.append(("旧件原价", "original price", -original))
    piece_fee = _dec(rule, "piece_fee")
    if piece_fee > 0:
        fee = piece_fee * len(olds)
        difference = sum((v for _zh, _en, v in parts), ZERO)
        waived_above = _param(rule, "fee_waived_above")
        if waived_above is not None and difference >= _decimal(waived_above):
            lines.append(Line("fee", ZERO, "yuan",
                              f"手续费免收：差价 {_y(difference)} 元 ≥ {_y(_decimal(waived_above))} 元",
                              f"fee waived: difference {_y(difference)} yuan ≥ {_y(_decimal(waived_above))} yuan"))
        else:
            lines.append(Line("fee", fee, "yuan", f"手续费 = {len(olds)} 件 × {_y(piece_fee)} 元 = {_y(fee)} 元",
                              f"fee = {len(olds)} × {_y(piece_fee)} yuan = {_y(fee)} yuan"))
            parts.append(("手续费", "fee", fee))
    return _finish(lines, refusals, parts)


def _buyback(rule, olds, price, lines, refusals) -> QuoteResult:
    fine = ZERO
    for i, o in enumerate(olds, 1):
        name = o.label or f"#{i}"
        piece_fine = o.weight * o.fineness / THOUSAND
        fine += piece_fine
        zh_w, en_w = _g(o.weight)
        zh_f, en_f = _g(piece_fine)
        lines.append(Line(f"fine_{i}", piece_fine, "g",
                          f"旧件 {name} 纯金属 = {zh_w} × {o.fineness.normalize():f}‰ = {zh_f}",
                          f"old piece {name} fine metal = {en_w} × {o.fineness.normalize():f} ‰ = {en_f}"))
    zh_t, en_t = _g(fine)
    value = fine * price
    lines.append(Line("value", value, "yuan",
                      f"回收金额 = {zh_t} × {_y(price)} 元/克 = {_y(value)} 元",
                      f"buyback value = {en_t} × {_y(price)} yuan/g = {_y(value)} yuan"))
    old_weight = sum((o.weight for o in olds), ZERO)
    fee = _fee(rule, old_weight, price, lines)
    return _finish(lines, refusals, [("回收金额", "buyback value", value), ("旧料费", "fee", -fee)], store_pays=True)
