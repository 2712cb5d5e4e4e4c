"""The worker draws printed documents ahead of the print click (services.prerender_on_commit)."""

from celery import shared_task


@shared_task(name="documents.prerender")
def prerender(subject_type: str, subject_id: int) -> int:
    from .services import documents_prerender

    return len(documents_prerender(subject_type=subject_type, subject_id=subject_id))
