"""Where messages leave the machine: an SMS gateway chosen by SMS_GATEWAY, e-mail via Django.

A gateway has `send(message) -> Result`; it may also raise (the send service records the error
as the gateway's answer). SMS_GATEWAY is "console" (log only, the default), "http" (JSON POST to
SMS_HTTP_URL), "db" (store a row instead of sending: training stores and tests) or the dotted
path of a class of your own.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

ANSWER_MAX = 1000


@dataclass(frozen=True)
class Result:
    ok: bool
    answer: str


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class ConsoleGateway:
    def send(self, message) -> Result:
        logger.info("SMS to %s (%s): %s", message.to_address, message.dedupe_key, message.body)
        return Result(True, "console: logged")


class HttpGateway:
    """POST {"to", "text", "id"} as JSON with a bearer token; any 2xx is accepted.

    The dedupe key goes along as Idempotency-Key: if a worker dies after the gateway accepted a
    message but before the outbox row was committed, the resend carries the same key and a
    provider that honours it drops the duplicate.
    """

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else settings.SMS_HTTP_URL
        self.token = token if token is not None else settings.SMS_HTTP_TOKEN
        self.timeout = timeout if timeout is not None else settings.SMS_HTTP_TIMEOUT
        if not self.url:
            raise ValueError("SMS_GATEWAY=http needs SMS_HTTP_URL")

    def send(self, message) -> Result:
        payload = json.dumps({"to": message.to_address, "text": message.body, "id": message.dedupe_key}).encode()
        request = urllib.request.Request(self.url, data=payload, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Idempotency-Key", message.dedupe_key)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(ANSWER_MAX).decode("utf-8", "replace")
                return Result(200 <= response.status < 300, f"HTTP {response.status} {body}"[:ANSWER_MAX])
        except urllib.error.HTTPError as exc:
            body = exc.read(ANSWER_MAX).decode("utf-8", "replace") if exc.fp else ""
            return Result(False, f"HTTP {exc.code} {body}"[:ANSWER_MAX])
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return Result(False, f"{type(exc).__name__}: {reason}"[:ANSWER_MAX])


class DatabaseGateway:
    """Stores the message in StoredSend, inside the sender's transaction: sent exactly once."""

    def send(self, message) -> Result:
        from .models import StoredSend

        row = StoredSend.objects.create(message=message, to_address=message.to_address, body=message.body, worker=worker_name())
        return Result(True, f"db: stored #{row.pk}")


class EmailGateway:
    def send(self, message) -> Result:
        connection = get_connection()
        email = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to_address], connection=connection)
        if message.attachment:
            from django.core.files.storage import default_storage

            with default_storage.open(message.attachment, "rb") as fh:
                email.attach(message.attachment.rsplit("/", 1)[-1], fh.read(), "application/pdf")
        sent = email.send()
        backend = type(connection).__module__.rsplit(".", 1)[-1]
        return Result(bool(sent), f"email: {backend} accepted {sent}")


SMS_GATEWAYS = {"console": ConsoleGateway, "http": HttpGateway, "db": DatabaseGateway}


def sms_gateway():
    name = settings.SMS_GATEWAY
    cls = SMS_GATEWAYS.get(name) or import_string(name)
    return cls()


def gateway_for(channel: str):
    return EmailGateway() if channel == "email" else sms_gateway()
