"""Names shared by repairs, the after-sales policy, trade-in and cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemCategory(models.TextChoices):
    RING = "ring", _("Ring")
    NECKLACE = "necklace", _("Necklace")
    BRACELET = "bracelet", _("Bracelet")
    EARRING = "earring", _("Earring")
    PENDANT = "pendant", _("Pendant")
    BANGLE = "bangle", _("Bangle")
    WATCH = "watch", _("Watch")
    GLASSES = "glasses", _("Glasses")
    OTHER = "other", _("Other")


class Material(models.TextChoices):
    """GB 11887-2012 (amendment 1) names, plus the non-precious materials the desk sees."""

    GOLD_375 = "au375", _("Gold 375 (9K)")
    GOLD_585 = "au585", _("Gold 585 (14K)")
    GOLD_750 = "au750", _("Gold 750 (18K)")
    GOLD_916 = "au916", _("Gold 916 (22K)")
    GOLD_990 = "au990", _("Pure gold 990 (足金)")
    GOLD_999 = "au999", _("Pure gold Au999 (enterprise standard)")
    PT_850 = "pt850", _("Platinum 850")
    PT_900 = "pt900", _("Platinum 900")
    PT_950 = "pt950", _("Platinum 950")
    PT_990 = "pt990", _("Pure platinum 990 (足铂)")
    PD_500 = "pd500", _("Palladium 500")
    PD_950 = "pd950", _("Palladium 950")
    PD_990 = "pd990", _("Pure palladium 990 (足钯)")
    AG_800 = "ag800", _("Silver 800")
    AG_925 = "ag925", _("Silver 925 (S925)")
    AG_990 = "ag990", _("Pure silver 990 (足银)")
    PEARL = "pearl", _("Pearl")
    JADE = "jade", _("Jade (翡翠)")
    DIAMOND = "diamond", _("Diamond")
    COLOURED_STONE = "coloured_stone", _("Coloured stone")
    ALLOY = "alloy", _("Alloy")
    OTHER = "other", _("Other")

    @classmethod
    def metal_of(cls, material: str) -> str | None:
        """'gold', 'platinum', 'palladium', 'silver' or None (for daily metal prices)."""
        return {"au": "gold", "pt": "platinum", "pd": "palladium", "ag": "silver"}.get(str(material)[:2])

    @classmethod
    def fineness_of(cls, material: str) -> int | None:
        digits = str(material)[2:]
        return int(digits) if digits.isdigit() else None


# The precious metals (with a daily price per gram): trade-in prices them, repairs adds them.
METAL_MATERIALS = [(value, label) for value, label in Material.choices if Material.metal_of(value)]


class JobType(models.TextChoices):
    RESOLDER = "resolder", _("Re-solder (脱焊)")
    REPLACE_STONE = "replace_stone", _("Replace lost stone (补钻)")
    REGLUE_STONE = "reglue_stone", _("Re-glue stone (粘钻)")
    REPLACE_CLIP = "replace_clip", _("Replace clip (换底夹)")
    RESTRING = "restring", _("Restring (穿珠)")
    REPLATE = "replate", _("Re-plate (电镀)")
    RESIZE = "resize", _("Resize (改圈)")
    POLISH = "polish", _("Polish (抛光)")
    CLEAN = "clean", _("Clean (清洗)")
    RESHAPE = "reshape", _("Reshape (整形)")
    WATCH_BATTERY = "watch_battery", _("Watch battery")
    WATCH_MOVEMENT = "watch_movement", _("Watch movement")
    GLASSES_SCREW = "glasses_screw", _("Glasses screw")
    GLASSES_LENS = "glasses_lens", _("Glasses lens")
    ADD_FITTING = "add_fitting", _("Add fittings (增加配置)")
    PURITY_TEST = "purity_test", _("Purity test (检测)")
    OTHER = "other", _("Other")


class Reason(models.TextChoices):
    """Why the item came in: policy rules may depend on it."""

    STONE_LOST = "stone_lost", _("Stone lost")
    BROKEN = "broken", _("Broken")
    WORN = "worn", _("Worn")
    NEEDS_SERVICE = "service", _("Routine service")
    WATER_DAMAGE = "water_damage", _("Water damage")
    MISUSE = "misuse", _("Misuse")
    DEFECT = "defect", _("Manufacturing defect")
    OTHER = "other", _("Other")
