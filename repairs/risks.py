"""The standard warnings told to the customer before work starts (seed 002), per material and job."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from aftersales.catalog import JobType, Material

GENERAL = "general"
RISKS = {
    GENERAL: _("A repair restores the piece as far as possible; it does not make it new."),
    "stones": _("Stones may loosen, chip or crack during the work."),
    "plating": _("Plating wears off with use and will need renewing."),
    "polish": _("Polishing removes a little metal: the piece may weigh slightly less afterwards."),
    "platinum": _("Platinum is hard to repair once bent; it may show marks where it was reshaped."),
    "pearl": _("Pearls are restrung on new thread; old thread may break while being removed."),
    "jade": _("Jade is brittle: existing fine cracks can open when it is worked on."),
    "resize": _("Resizing can leave a faint solder line and changes the weight."),
}

JOB_RISKS = {
    JobType.REPLACE_STONE: ["stones"],
    JobType.REGLUE_STONE: ["stones"],
    JobType.REPLATE: ["plating"],
    JobType.POLISH: ["polish"],
    JobType.RESIZE: ["resize", "polish"],
    JobType.RESHAPE: ["polish"],
    JobType.RESTRING: ["pearl"],
}


def material_risks(material: str) -> list[str]:
    codes = []
    if Material.metal_of(material) == "platinum":
        codes.append("platinum")
    if material == Material.PEARL:
        codes.append("pearl")
    if material == Material.JADE:
        codes.append("jade")
    if material in (Material.DIAMOND, Material.COLOURED_STONE):
        codes.append("stones")
    return codes


def applicable(items: list[tuple[str, int, list[str]]]) -> list[str]:
    """Risk codes for (material, stone count, job types) of each item, general first, no repeats."""
    codes = [GENERAL]
    for material, stones, job_types in items:
        found = material_risks(material) + (["stones"] if stones else [])
        for job_type in job_types:
            found += JOB_RISKS.get(job_type, [])
        for code in found:
            if code not in codes:
                codes.append(code)
    return codes


def snapshot(codes: list[str]) -> list[dict]:
    """The exact sentences shown, in both languages, so the record does not change with the code."""
    rows = []
    for code in codes:
        with translation.override("zh-hans"):
            zh = str(RISKS[code])
        with translation.override("en"):
            en = str(RISKS[code])
        rows.append({"code": code, "text_zh": zh, "text_en": en})
    return rows
