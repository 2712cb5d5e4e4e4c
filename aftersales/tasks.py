"""Celery tasks of the core: thin shells, safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import files
from .notifications import sweeps
from .notifications.models import SweepRun

DAILY = timedelta(hours=23)  # an hourly tick runs the sweep once a day


@shared_task(name="aftersales.remove_orphan_files")
def remove_orphan_files() -> int:
    """Beat's hourly tick: once a day, delete files no row refers to, older than a day (aftersales/files.py)."""
    if SweepRun.objects.filter(name=files.SWEEP, errors=0, finished_at__gte=timezone.now() - DAILY).exists():
        return 0
    return sweeps.run(files.SWEEP).processed
