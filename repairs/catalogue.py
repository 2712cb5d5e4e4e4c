"""The chain's default service catalogue (seed 002's jobs); chain managers change prices afterwards."""

from decimal import Decimal

# code, name (zh), job type, price rule, price, turnaround days
DEFAULTS = [
    ("resolder", "脱焊焊接", "resolder", "fixed", Decimal("30.00"), 3),
    ("replace-stone", "补钻", "replace_stone", "per_stone", Decimal("0.30"), 5),
    ("reglue-stone", "粘钻", "reglue_stone", "per_stone", Decimal("5.00"), 2),
    ("replace-clip", "换底夹", "replace_clip", "fixed", Decimal("20.00"), 3),
    ("restring", "穿珠", "restring", "fixed", Decimal("40.00"), 3),
    ("replate", "电镀", "replate", "fixed", Decimal("80.00"), 5),
    ("resize", "改圈", "resize", "per_gram", Decimal("0.00"), 5),
    ("polish", "抛光", "polish", "fixed", Decimal("30.00"), 2),
    ("clean", "清洗", "clean", "fixed", Decimal("0.00"), 1),
    ("reshape", "整形", "reshape", "fixed", Decimal("30.00"), 3),
    ("watch-battery", "手表换电池", "watch_battery", "fixed", Decimal("3.00"), 1),
    ("watch-movement", "手表机芯维修", "watch_movement", "fixed", Decimal("10.00"), 7),
    ("glasses-screw", "眼镜螺丝", "glasses_screw", "per_stone", Decimal("0.50"), 1),
    ("add-fitting", "增加配置", "add_fitting", "quote", Decimal("0.00"), 7),
    ("purity-test", "成色检测", "purity_test", "fixed", Decimal("0.00"), 1),
    ("other", "其他维修", "other", "quote", Decimal("0.00"), 7),
]


def seed(ServiceType) -> int:
    """Add the default services that are missing (by code); returns how many were added."""
    added = 0
    for sort, (code, name, job_type, rule, price, days) in enumerate(DEFAULTS, start=1):
        _, created = ServiceType.objects.get_or_create(
            code=code, defaults={"name": name, "job_type": job_type, "price_rule": rule, "price": price, "turnaround_days": days, "sort": sort * 10},
        )
        added += created
    return added
