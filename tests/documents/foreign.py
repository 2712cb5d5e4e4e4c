"""Isolation-test entries for the documents URLs (see tests/test_isolation.py)."""


def _stored_document(store):
    from aftersales.documents.samples import sample_tag
    from aftersales.documents.services import document_get_or_render
    from tests.files import files_written

    with files_written():  # the PDF is written when its row commits
        return {"pk": document_get_or_render(kind="tag", subject=store, data=sample_tag(), actor=None).pk}


FOREIGN = {"documents:file": _stored_document}
# The status page is for customers (no login); tests/documents/test_status.py covers it.
PUBLIC = {"documents:status"}
