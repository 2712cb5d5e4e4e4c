"""Fixed wording printed on the documents: care notes per material, risk disclosures and the
pickup terms the law allows (domain.md, "Law to respect"). Kept in both languages here rather
than in the .po catalogue because a receipt is printed in the customer's language, whatever the
staff member's interface language is."""

from __future__ import annotations

import logging
import re

from aftersales.catalog import Material

logger = logging.getLogger(__name__)


def _zh(language: str | None) -> bool:
    return (language or "zh-hans").lower().startswith("zh")


# --- care notes per material ------------------------------------------------------------------

_PURE_GOLD = (
    "足金质地柔软，请避免磕碰；部分化妆品含汞，会使足金发白；请与铂金、银饰分开存放；睡觉、洗澡、运动时请取下。",
    "Pure gold is soft: avoid knocks. Mercury in some cosmetics whitens it. Keep it apart from platinum and silver. "
    "Take it off to sleep, bathe and exercise.",
)
_K_GOLD = (
    "K金（尤其白色K金）表面镀铑，佩戴后会逐渐露出黄色，建议每一两年重新电镀一次。",
    "White K gold is rhodium plated and wears yellow: have it re-plated every couple of years.",
)
_PLATINUM = (
    "铂金硬度高，一旦变形较难修复，请勿强行掰动。",
    "Platinum is hard to repair once bent: do not force it.",
)
_PALLADIUM = (
    "钯金变形后不易修复，请勿强行掰动；请与其他首饰分开存放。",
    "Palladium is hard to repair once bent: do not force it. Store it apart from other jewellery.",
)
_SILVER = (
    "银饰遇硫会发黑，可用擦银布擦拭或到店专业抛光。",
    "Silver tarnishes from sulphur: use a polishing cloth or have it professionally polished.",
)
_PEARL = (
    "珍珠请最后佩戴（化妆、喷香水之后）；用柔软湿布擦拭；勿用肥皂、热水或超声波清洗；建议每 1–3 年重新穿线。",
    "Put pearls on last, after cosmetics; wipe with a soft damp cloth; no soap, hot water or ultrasonic cleaning; "
    "restring every 1–3 years.",
)
_JADE = (
    "翡翠质脆，请避免磕碰，远离酸、碱和高温；可用温和的肥皂水清洗。",
    "Jade is brittle: avoid knocks, acids, alkalis and heat; clean with mild soap and water.",
)
_DIAMOND = (
    "钻石容易吸附油脂，请定期清洁；建议每年到店检查爪镶是否松动。",
    "Diamonds attract grease: clean them regularly, and have the prongs checked once a year.",
)
_COLOURED = (
    "祖母绿、欧泊、坦桑石、托帕石、绿松石等彩色宝石切勿使用超声波或蒸汽清洗。",
    "Emerald, opal, tanzanite, topaz and turquoise must never be cleaned by ultrasonic or steam.",
)

CARE_NOTES: dict[str, tuple[str, str]] = {
    Material.GOLD_990: _PURE_GOLD,
    Material.GOLD_999: _PURE_GOLD,
    Material.GOLD_375: _K_GOLD,
    Material.GOLD_585: _K_GOLD,
    Material.GOLD_750: _K_GOLD,
    Material.GOLD_916: _K_GOLD,
    Material.PT_850: _PLATINUM,
    Material.PT_900: _PLATINUM,
    Material.PT_950: _PLATINUM,
    Material.PT_990: _PLATINUM,
    Material.PD_500: _PALLADIUM,
    Material.PD_950: _PALLADIUM,
    Material.PD_990: _PALLADIUM,
    Material.AG_800: _SILVER,
    Material.AG_925: _SILVER,
    Material.AG_990: _SILVER,
    Material.PEARL: _PEARL,
    Material.JADE: _JADE,
    Material.DIAMOND: _DIAMOND,
    Material.COLOURED_STONE: _COLOURED,
}


def care_notes(materials, language: str | None = None) -> list[str]:
    """The care note of each material on the document, each note once, in the document's order."""
    notes: list[str] = []
    for material in materials:
        pair = CARE_NOTES.get(material)
        if pair is None:
            continue
        text = pair[0] if _zh(language) else pair[1]
        if text not in notes:
            notes.append(text)
    return notes


# --- risk disclosures ------------------------------------------------------------------------

RISK_DISCLOSURES = (
    ("维修只能尽量恢复原貌，不能恢复如新。", "A repair restores the piece as far as possible, not to new."),
    (
        "抛光、整形、焊接会损耗少量金属；取件时当面称重，差额多退少补。",
        "Polishing, reshaping and soldering lose a little metal; the piece is weighed in front of you at pickup "
        "and any difference is settled.",
    ),
    (
        "镶嵌的宝石在维修中可能松动或破损，天然宝石的内部瑕疵可能导致开裂。",
        "Set stones may loosen or break during the work; natural inclusions can make a stone crack.",
    ),
    ("电镀层会随佩戴逐渐磨损。", "Plating wears off with use."),
)


def default_risk_disclosures(language: str | None = None) -> tuple[str, ...]:
    return tuple(zh if _zh(language) else en for zh, en in RISK_DISCLOSURES)


# --- pickup terms ----------------------------------------------------------------------------

# 民法典 453/455 and 消保法 26: what a receipt may say about an item left uncollected.
LAWFUL_PICKUP_TERMS = (
    (
        "凭本单取件；他人代取须出示机主的书面委托及代取人身份证件；本单遗失的，凭机主身份证件办理。",
        "Items are released against this receipt. Someone collecting for the owner needs the owner's written "
        "authorisation and their own ID; if the receipt is lost, the owner's ID is needed instead.",
    ),
    (
        "维修完成后本店会通知您取件，未取期间会再次提醒，每次通知均有记录。",
        "When the work is done we will tell you, and remind you again while the item waits; every notice is recorded.",
    ),
    (
        "维修费用付清前，本店可依法留置该物品（《民法典》第七百八十三条）。",
        "Until the repair fee is paid, the store may hold the item (Civil Code art. 783).",
    ),
    (
        "物品逾期未取的，本店在作任何处理前至少提前六十日通知您（第四百五十三条），处理所得扣除所欠费用后的余款归您所有"
        "（第四百五十五条）；是否处理由门店经理决定，物品不会仅因未取而被视为放弃。",
        "If the item is not collected, the store will give you at least 60 days' notice before doing anything with it "
        "(art. 453), and anything left after the unpaid fees belongs to you (art. 455). A store manager decides; an "
        "item is never treated as abandoned just because it was not collected.",
    ),
)

_ABANDON = re.compile(r"视为(自动)?放弃|视同放弃|作放弃处理|自行处理|概不负责|abandon", re.IGNORECASE)
_SENTENCE = re.compile(r"[^。！？!?.；;\n]+[。！？!?.；;]?")


def store_terms(text: str) -> list[str]:
    """The store's own terms, without any 'not collected = abandoned' sentence (消保法 26 makes
    such a clause void; the lawful paragraph says what really happens)."""
    kept: list[str] = []
    for sentence in _SENTENCE.findall(text or ""):
        sentence = sentence.strip()
        if not sentence:
            continue
        if _ABANDON.search(sentence):
            logger.warning("store receipt terms: dropped a clause that treats an uncollected item as abandoned: %r", sentence)
            continue
        kept.append(sentence)
    return kept


def lawful_pickup_terms(language: str | None = None) -> list[str]:
    return [zh if _zh(language) else en for zh, en in LAWFUL_PICKUP_TERMS]
