"""Celery tasks: thin shells that take ids or names and call a service; safe to run twice."""

from celery import shared_task

from . import services, sweeps


@shared_task(name="notifications.send_message")
def send_message(message_id: int) -> str | None:
    message = services.message_send(message_id=message_id)
    return message.status if message is not None else None


@shared_task(name="notifications.run_sweep")
def run_sweep(name: str) -> int:
    """Beat's tick: run the named sweep over whatever is due now (see sweeps.py)."""
    return sweeps.run(name).processed
