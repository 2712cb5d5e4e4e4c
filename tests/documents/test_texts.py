from aftersales.catalog import Material
from aftersales.documents import texts


def test_every_precious_material_has_care_notes_in_both_languages():
    for material in Material:
        if material in (Material.ALLOY, Material.OTHER):
            continue
        zh, en = texts.CARE_NOTES[material]
        assert zh and en


def test_care_notes_once_per_note_in_order():
    notes = texts.care_notes([Material.GOLD_750, Material.GOLD_585, Material.PEARL, Material.OTHER], "zh-hans")
    assert len(notes) == 2
    assert notes[0].startswith("K金") and "珍珠" in notes[1]
    assert "rhodium" in texts.care_notes([Material.GOLD_750], "en")[0]


def test_store_terms_drop_abandonment_clauses():
    kept = texts.store_terms("凭本单取件。超过三个月未取视为放弃，本店有权自行处理；请妥善保管本单。")
    assert kept == ["凭本单取件。", "请妥善保管本单。"]


def test_lawful_terms_follow_the_civil_code():
    zh = "".join(texts.lawful_pickup_terms("zh-hans"))
    assert "六十日" in zh and "留置" in zh and "余款归您所有" in zh and "提醒" in zh
    en = " ".join(texts.lawful_pickup_terms("en"))
    assert "60 days" in en and "never treated as abandoned" in en
