"""/customers/quick/ speaks to counter staff: no developer notes, and the person's name is 姓名."""

import re

from django.utils.html import strip_tags


def test_quick_create_page_has_no_developer_notes_and_asks_for_the_full_name(counter_client):
    html = counter_client.get("/customers/quick/").content.decode()
    text = strip_tags(html)
    for code in ("fetch()", "fragment=1", "Accept", "application/json", "masked_phone"):
        assert code not in text, code
    label = re.search(r'<label[^>]*for="id_name"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "姓名" in label and "名称" not in label
