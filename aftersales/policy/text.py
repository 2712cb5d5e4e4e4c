"""The customer sentence of a rule, generated from its fields in zh-Hans and English.

The printed policy and the decisions both use these sentences, so they cannot disagree.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from aftersales.catalog import ItemCategory, Material

from .decision import Outcome
from .models import EXCHANGE, REPAIR_JOBS, RETURN, Fact, Flag, Unit, Window

# What the customer reads for each job ("free {job}").
JOB_PHRASES = {
    "resolder": pgettext_lazy("policy job", "re-soldering"),
    "replace_stone": pgettext_lazy("policy job", "stone replacement"),
    "reglue_stone": pgettext_lazy("policy job", "stone re-gluing"),
    "replace_clip": pgettext_lazy("policy job", "clip replacement"),
    "restring": pgettext_lazy("policy job", "restringing"),
    "replate": pgettext_lazy("policy job", "re-plating"),
    "resize": pgettext_lazy("policy job", "resizing"),
    "polish": pgettext_lazy("policy job", "polishing"),
    "clean": pgettext_lazy("policy job", "cleaning"),
    "reshape": pgettext_lazy("policy job", "reshaping"),
    "watch_battery": pgettext_lazy("policy job", "battery replacement"),
    "watch_movement": pgettext_lazy("policy job", "movement replacement"),
    "glasses_screw": pgettext_lazy("policy job", "screw fitting"),
    "glasses_lens": pgettext_lazy("policy job", "lens repair"),
    "add_fitting": pgettext_lazy("policy job", "parts"),
    "purity_test": pgettext_lazy("policy job", "purity testing"),
    "other": pgettext_lazy("policy job", "other work"),
    EXCHANGE: pgettext_lazy("policy job", "exchange"),
    RETURN: pgettext_lazy("policy job", "return"),
}
ANY_REPAIR = pgettext_lazy("policy job", "repair")
NO_REPAIR = pgettext_lazy("policy refusal", "no warranty")
NO_JOB = {
    EXCHANGE: pgettext_lazy("policy refusal", "no exchange"),
    RETURN: pgettext_lazy("policy refusal", "no return"),
}
REASON_PHRASES = {
    "stone_lost": pgettext_lazy("policy reason", "a lost stone"),
    "broken": pgettext_lazy("policy reason", "breakage"),
    "worn": pgettext_lazy("policy reason", "wear"),
    "service": pgettext_lazy("policy reason", "routine service"),
    "water_damage": pgettext_lazy("policy reason", "water damage"),
    "misuse": pgettext_lazy("policy reason", "misuse"),
    "defect": pgettext_lazy("policy reason", "a manufacturing defect"),
    "other": pgettext_lazy("policy reason", "other reasons"),
}
UNIT_PHRASES = {
    Unit.STONE: pgettext_lazy("policy unit", "stone"),
    Unit.SCREW: pgettext_lazy("policy unit", "screw"),
    Unit.PIECE: pgettext_lazy("policy unit", "piece"),
    Unit.GRAM: pgettext_lazy("policy unit", "gram"),
}
METAL_GROUPS = {
    "gold": gettext_lazy("Gold pieces"),
    "platinum": gettext_lazy("Platinum pieces"),
    "palladium": gettext_lazy("Palladium pieces"),
    "silver": gettext_lazy("Silver pieces"),
}
FACT_EXCLUSIONS = {
    Fact.SPECIAL_STONE: pgettext_lazy("policy exclusion", "special stones"),
    Fact.VERTICAL_CLIP: pgettext_lazy("policy exclusion", "vertical clips"),
    Fact.INTACT: pgettext_lazy("policy exclusion", "intact items"),
}
# What the staff confirm for a rule that needs it ("… is required", "confirm that …").
FACT_CONDITIONS = {
    Fact.INTACT: pgettext_lazy("policy condition", "the item is intact and resellable"),
    Fact.SPECIAL_STONE: pgettext_lazy("policy condition", "the stone is a special stone"),
    Fact.VERTICAL_CLIP: pgettext_lazy("policy condition", "the clip is a vertical clip"),
}
FACT_SUBJECTS = {Fact.VERTICAL_CLIP: pgettext_lazy("policy subject", "vertical clip"), Fact.SPECIAL_STONE: pgettext_lazy("policy subject", "special stone")}


def price_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"  # 0.30 → "0.3", 10.00 → "10"


def _join(items: list[str]) -> str:
    # Translators: separator of a list in a policy sentence (Chinese: 、)
    return _(", ").join(items)


def _labels(values, choices) -> list[str]:
    mapping = dict(choices)
    return [str(mapping.get(v, v)) for v in values]


def _materials(values: list[str]) -> list[str]:
    values = list(values)
    groups = {}
    for v in values:
        groups.setdefault(Material.metal_of(v), []).append(v)
    parts = []
    for metal, members in groups.items():
        everything = [m for m, _label in Material.choices if Material.metal_of(m) == metal]
        if metal and sorted(members) == sorted(everything):
            parts.append(str(METAL_GROUPS[metal]))
        else:
            parts.extend(_("%(material)s pieces") % {"material": label} for label in _labels(members, Material.choices))
    return parts


def subject(rule) -> str:
    parts = []
    if rule.special_price == Flag.ONLY:
        parts.append(_("Special-price items"))
    if rule.single_use == Flag.ONLY:
        parts.append(_("Single-use items"))
    for name in rule.series:
        parts.append(name)
    parts += _materials(rule.materials)
    parts += _labels(rule.categories, ItemCategory.choices)
    parts += [str(FACT_SUBJECTS[f]) for f in rule.facts_required if f in FACT_SUBJECTS]
    return _join(parts)


def job_phrase(job_types: list[str], brief: bool = False) -> str:
    """`brief`: "repair" also for nearly all repair jobs (when an alternative names the exception)."""
    jobs = list(job_types)
    repairs = [j for j in jobs if j in REPAIR_JOBS]
    if not jobs or sorted(repairs) == sorted(REPAIR_JOBS):
        others = [j for j in jobs if j not in REPAIR_JOBS]
        return _join([str(ANY_REPAIR)] + [str(JOB_PHRASES[j]) for j in others])
    missing = [j for j in REPAIR_JOBS if j not in jobs]
    if len(repairs) == len(jobs) and len(missing) <= 3:
        if brief:
            return str(ANY_REPAIR)
        return _("%(job)s (except %(missing)s)") % {"job": ANY_REPAIR, "missing": _join([str(JOB_PHRASES[j]) for j in missing])}
    return _join([str(JOB_PHRASES.get(j, j)) for j in jobs])


def refusal_phrase(job_types: list[str]) -> str:
    jobs = list(job_types) or [*REPAIR_JOBS, EXCHANGE, RETURN]
    parts = []
    if any(j in REPAIR_JOBS for j in jobs):
        parts.append(str(NO_REPAIR))
    parts += [str(NO_JOB[j]) for j in (EXCHANGE, RETURN) if j in jobs]
    return _join(parts)


def window_phrase(rule) -> str:
    n = rule.window_length or 0
    if rule.window == Window.HOURS:
        return _("within %(n)s hours of purchase") % {"n": n}
    if rule.window == Window.DAYS:
        return _("within %(n)s days of purchase") % {"n": n}
    if rule.window == Window.MONTHS:
        return _("within one month of purchase") if n == 1 else _("within %(n)s months of purchase") % {"n": n}
    if rule.window == Window.LIFE and rule.outcome in (Outcome.FREE, Outcome.EXCHANGE, Outcome.RETURN):
        return _("for life")
    return ""


def conditions(rule) -> dict:
    reasons = [str(REASON_PHRASES.get(r, r)) for r in rule.reasons]
    excluded = [str(REASON_PHRASES.get(r, r)) for r in rule.exclude_reasons]
    excluded += [str(FACT_EXCLUSIONS[f]) for f in rule.facts_excluded if f in FACT_EXCLUSIONS]
    if rule.special_price == Flag.EXCLUDED:
        excluded.append(_("special-price items"))
    if rule.single_use == Flag.EXCLUDED:
        excluded.append(_("single-use items"))
    return {
        "reasons": _join(reasons),
        "excluded": _join(excluded),
        "intact": Fact.INTACT in rule.facts_required,
        "once": rule.max_uses,
    }


def _sentence(rule) -> str:
    job = job_phrase(rule.job_types, brief=rule.outcome == Outcome.REFUSED and bool(rule.alternative_zh or rule.alternative_en))
    unit = str(UNIT_PHRASES.get(rule.unit, rule.unit))
    outcome = {
        Outcome.FREE: lambda: _("free %(job)s") % {"job": job},
        Outcome.CHARGED: lambda: _("%(job)s at %(price)s yuan per %(unit)s") % {"job": job, "price": price_text(rule.unit_price), "unit": unit},
        Outcome.AT_COST: lambda: _("%(job)s charged at cost (the manufacturer's price)") % {"job": job},
        Outcome.REFUSED: lambda: _("%(job)s not possible") % {"job": job},
        Outcome.EXCHANGE: lambda: _("exchange allowed"),
        Outcome.RETURN: lambda: _("return allowed"),
        Outcome.NOT_ALLOWED: lambda: refusal_phrase(rule.job_types),
    }[rule.outcome]()
    cond = conditions(rule)
    parts = {
        "subject": subject(rule),
        "reasons": _("in case of %(reasons)s") % {"reasons": cond["reasons"]} if cond["reasons"] else "",
        "window": window_phrase(rule),
        "receipt": _("with the receipt") if rule.receipt_required else "",
        "intact": _("if the item is intact and resellable") if cond["intact"] else "",
        "outcome": outcome,
        "excluded": _("(%(excluded)s excluded)") % {"excluded": cond["excluded"]} if cond["excluded"] else "",
        "once": (_("(once only)") if cond["once"] == 1 else _("(at most %(n)s times)") % {"n": cond["once"]}) if cond["once"] else "",
    }
    if parts["subject"]:
        # Translators: word order of a policy sentence; Chinese: "{subject}{reasons}{window}{receipt}{intact}{outcome}{excluded}{once}"
        pattern = _("{subject}: {outcome} {reasons} {window} {receipt} {intact} {excluded} {once}")
    else:
        # Translators: word order of a policy sentence; Chinese: "{reasons}{window}{receipt}{intact}{outcome}{excluded}{once}"
        pattern = _("{outcome} {reasons} {window} {receipt} {intact} {excluded} {once}")
    text = " ".join(pattern.format(**parts).split())
    text = text[:1].upper() + text[1:]
    alternative = rule.alternative_zh if translation.get_language().startswith("zh") else rule.alternative_en
    if alternative:
        text = _("%(text)s (%(alternative)s)") % {"text": text, "alternative": alternative}
    return text + _(".")


def sentence(rule, language: str) -> str:
    with translation.override(language):
        return _sentence(rule)
