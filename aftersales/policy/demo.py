"""The default rule set: the ten rules of 新瀚城购物须知 (seed 002, section 六), as data.

Several rows can make one printed clause (clause 2: free within a month, otherwise 0.3 yuan a
stone); a fallback is simply a lower-priority row. Flags the counter confirms are passed to
decide() as `facts` (policy.models.Fact): "intact" (rule 1), "special_stone" (rule 2),
"vertical_clip" (rule 7).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aftersales.catalog import ItemCategory, JobType, Material, Reason

from .models import EXCHANGE, REPAIR_JOBS, Fact, Flag, Rule, Status, Unit, Window
from .outcomes import Outcome

DEFAULT_VALID_FROM = date(2024, 1, 1)
SILVER = [Material.AG_800, Material.AG_925, Material.AG_990]


def default_rules() -> list[dict]:
    """Rule data for rule_create (without store or validity), in clause order."""
    return [
        # 1 凭购物小票在商品完整且不影响第二次销售的情形下，48小时之内可换货一次
        {"clause": 1, "code": "1", "name": "48小时换货", "priority": 80, "job_types": [EXCHANGE],
         "window": Window.HOURS, "window_length": 48, "receipt_required": True, "facts_required": [Fact.INTACT],
         "max_uses": 1, "outcome": Outcome.EXCHANGE},
        # 2 一个月之内凭电脑小票免费补钻；一个月后按成本价0.3元/粒收费（特殊钻除外）
        {"clause": 2, "code": "2a", "name": "一个月内免费补钻", "priority": 60, "job_types": [JobType.REPLACE_STONE],
         "window": Window.MONTHS, "window_length": 1, "receipt_required": True, "facts_excluded": [Fact.SPECIAL_STONE],
         "outcome": Outcome.FREE},
        {"clause": 2, "code": "2b", "name": "补钻收费", "priority": 50, "job_types": [JobType.REPLACE_STONE],
         "window": Window.LIFE, "facts_excluded": [Fact.SPECIAL_STONE],
         "outcome": Outcome.CHARGED, "unit": Unit.STONE, "unit_price": Decimal("0.30")},
        # 3 手表三个月内除人为损坏或进水外凭电脑小票免费修理、免费换电池；三个月后换电池3元/粒；
        #   人为进水或损坏本店概不负责；换机芯10元/粒
        {"clause": 3, "code": "3a", "name": "手表三个月免费修理", "priority": 70, "categories": [ItemCategory.WATCH],
         "job_types": REPAIR_JOBS, "exclude_reasons": [Reason.MISUSE, Reason.WATER_DAMAGE], "window": Window.MONTHS, "window_length": 3,
         "receipt_required": True, "outcome": Outcome.FREE},
        {"clause": 3, "code": "3b", "name": "手表换电池", "priority": 50, "categories": [ItemCategory.WATCH],
         "job_types": [JobType.WATCH_BATTERY], "window": Window.LIFE,
         "outcome": Outcome.CHARGED, "unit": Unit.PIECE, "unit_price": Decimal("3.00")},
        {"clause": 3, "code": "3c", "name": "手表换机芯", "priority": 50, "categories": [ItemCategory.WATCH],
         "job_types": [JobType.WATCH_MOVEMENT], "window": Window.LIFE,
         "outcome": Outcome.CHARGED, "unit": Unit.PIECE, "unit_price": Decimal("10.00")},
        {"clause": 3, "code": "3d", "name": "手表人为损坏或进水", "priority": 40, "categories": [ItemCategory.WATCH],
         "job_types": REPAIR_JOBS, "reasons": [Reason.MISUSE, Reason.WATER_DAMAGE], "window": Window.ANY,
         "outcome": Outcome.NOT_ALLOWED},
        # 4 一次性的商品本店不保修
        {"clause": 4, "code": "4", "name": "一次性商品不保修", "priority": 100, "job_types": REPAIR_JOBS,
         "single_use": Flag.ONLY, "window": Window.ANY, "outcome": Outcome.NOT_ALLOWED},
        # 5 特价商品不保修，不退换
        {"clause": 5, "code": "5", "name": "特价商品不保修不退换", "priority": 110, "special_price": Flag.ONLY,
         "window": Window.ANY, "outcome": Outcome.NOT_ALLOWED},
        # 6 合金材料商品在脱焊的情形下，终身免费修理
        {"clause": 6, "code": "6", "name": "合金脱焊终身免费", "priority": 60, "materials": [Material.ALLOY],
         "job_types": [JobType.RESOLDER], "window": Window.LIFE, "outcome": Outcome.FREE},
        # 7 竖夹断裂，不可修理（有底夹的竖夹可换底夹）
        {"clause": 7, "code": "7", "name": "竖夹断裂", "priority": 90, "facts_required": [Fact.VERTICAL_CLIP],
         "job_types": [j for j in REPAIR_JOBS if j != JobType.REPLACE_CLIP], "reasons": [Reason.BROKEN],
         "window": Window.ANY, "outcome": Outcome.REFUSED,
         "alternative_zh": "有底夹的竖夹可换底夹", "alternative_en": "a vertical clip with a base clip can have the base clip replaced"},
        # 8 眼镜的镜片损坏不可修理；上螺丝一个月内凭票免费，一个月后0.5元/粒
        {"clause": 8, "code": "8a", "name": "眼镜镜片不可修理", "priority": 85, "categories": [ItemCategory.GLASSES],
         "job_types": [JobType.GLASSES_LENS], "window": Window.ANY, "outcome": Outcome.REFUSED},
        {"clause": 8, "code": "8b", "name": "眼镜一个月内免费上螺丝", "priority": 60, "categories": [ItemCategory.GLASSES],
         "job_types": [JobType.GLASSES_SCREW], "window": Window.MONTHS, "window_length": 1, "receipt_required": True,
         "outcome": Outcome.FREE},
        {"clause": 8, "code": "8c", "name": "眼镜上螺丝收费", "priority": 50, "categories": [ItemCategory.GLASSES],
         "job_types": [JobType.GLASSES_SCREW], "window": Window.LIFE,
         "outcome": Outcome.CHARGED, "unit": Unit.SCREW, "unit_price": Decimal("0.50")},
        # 9 银饰可以免费清洗；如果是断裂，可以免费上焊
        {"clause": 9, "code": "9a", "name": "银饰免费清洗", "priority": 60, "materials": SILVER,
         "job_types": [JobType.CLEAN], "window": Window.LIFE, "outcome": Outcome.FREE},
        {"clause": 9, "code": "9b", "name": "银饰断裂免费焊接", "priority": 60, "materials": SILVER,
         "job_types": [JobType.RESOLDER], "reasons": [Reason.BROKEN], "window": Window.LIFE, "outcome": Outcome.FREE},
        # 10 伊朵儿系列：断裂终身免费上线；配件收取成本费（厂家定价）
        {"clause": 10, "code": "10a", "name": "伊朵儿系列终身免费穿线", "priority": 60, "series": ["伊朵儿系列"],
         "job_types": [JobType.RESTRING], "reasons": [Reason.BROKEN], "window": Window.LIFE, "outcome": Outcome.FREE},
        {"clause": 10, "code": "10b", "name": "伊朵儿系列配件按成本价", "priority": 60, "series": ["伊朵儿系列"],
         "job_types": [JobType.ADD_FITTING], "window": Window.LIFE, "outcome": Outcome.AT_COST},
    ]


def load_default_rules(*, actor=None, valid_from: date = DEFAULT_VALID_FROM, publish: bool = True) -> list[Rule]:
    """Create (and publish) the chain rules of the default set that do not exist yet (matched by code)."""
    from .services import rule_create, rule_publish

    existing = {r.code: r for r in Rule.objects.filter(store__isnull=True).exclude(status=Status.WITHDRAWN)}
    rules = []
    for data in default_rules():
        rule = existing.get(data["code"])
        if rule is None:
            rule = rule_create(actor=actor or SYSTEM, data={**data, "valid_from": valid_from})
            if publish:
                rule = rule_publish(actor=actor or SYSTEM, rule_id=rule.pk)
        rules.append(rule)
    return rules


class _SystemActor:
    """Seeding without an account: acts as the chain and is recorded as 'system'."""

    pk = None
    is_system = True
    # Not a real account: roles' per-user caches are never set on it.
    is_authenticated = False


SYSTEM = _SystemActor()


def seed(ctx) -> None:
    load_default_rules(actor=ctx["users"].get("chain"))
