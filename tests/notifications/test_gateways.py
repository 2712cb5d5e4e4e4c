import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from aftersales.notifications import gateways, services
from aftersales.notifications.models import Status

from .conftest import at

pytestmark = pytest.mark.django_db


class _Provider(BaseHTTPRequestHandler):
    """A pretend SMS provider on 127.0.0.1: answers with the status the test sets."""

    received: list = []
    status = 200
    answer = b""
    hold = threading.Event()

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        _Provider.received.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))})
        if _Provider.status == 0:  # never answer in time
            _Provider.hold.wait(5)
            return
        self.send_response(_Provider.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(_Provider.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    # Class attributes outlive a test: every one starts from the plain "ok" answer, in any order.
    _Provider.received, _Provider.status, _Provider.answer = [], 200, b'{"result": "ok", "sid": "SM1"}'
    _Provider.hold = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_GATEWAY = "http"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.SMS_HTTP_TOKEN = "secret-token"
    settings.SMS_HTTP_TIMEOUT = 0.5
    settings.QUIET_HOURS = "21:00-09:00"
    yield _Provider
    _Provider.hold.set()
    server.shutdown()
    server.server_close()


def _send(customer, store, key="ready:1"):
    message = services.notify(
        customer=customer, kind="ready_for_pickup", store=store, dedupe_key=key,
        context={"order_number": "HX-R2611-00001", "pickup_deadline": at(30, 12).date()},
    )
    with time_machine.travel(at(23, 10), tick=False):
        return services.message_send(message_id=message.pk)


def test_http_gateway_posts_json_with_the_token_and_records_the_answer(provider, customer, store):
    message = _send(customer, store)
    assert message.status == Status.SENT
    assert message.last_answer == 'HTTP 200 {"result": "ok", "sid": "SM1"}'
    [request] = provider.received
    assert request["headers"]["Authorization"] == "Bearer secret-token"
    assert request["headers"]["Idempotency-Key"] == "ready:1"
    assert request["body"]["to"] == "+8613812345678" and "HX-R2611-00001" in request["body"]["text"]
    assert request["body"]["id"] == "ready:1"


def test_http_gateway_error_answer_is_a_failure_to_retry(provider, customer, store):
    provider.status, provider.answer = 500, b'{"error": "quota exceeded"}'
    message = _send(customer, store)
    assert message.status == Status.FAILED and message.due_at is not None
    assert message.last_answer == 'HTTP 500 {"error": "quota exceeded"}'


def test_http_gateway_timeout_is_a_failure(provider, customer, store):
    provider.status = 0
    message = _send(customer, store)
    assert message.status == Status.FAILED and message.attempts == 1
    assert "timed out" in message.last_answer


def test_http_gateway_unreachable_is_a_failure(settings, customer, store):
    settings.SMS_GATEWAY, settings.SMS_HTTP_URL, settings.SMS_HTTP_TIMEOUT = "http", "http://127.0.0.1:9/sms", 0.5
    message = _send(customer, store)
    assert message.status == Status.FAILED and "URLError" in message.last_answer


def test_http_gateway_needs_a_url(settings):
    settings.SMS_HTTP_URL = ""
    with pytest.raises(ValueError):
        gateways.HttpGateway()


def test_console_gateway_logs_the_message(settings, customer, store, caplog):
    settings.SMS_GATEWAY = "console"
    with caplog.at_level(logging.INFO, logger="aftersales.notifications.gateways"):
        message = _send(customer, store)
    assert message.status == Status.SENT and message.last_answer == "console: logged"
    assert "+8613812345678" in caplog.text and "HX-R2611-00001" in caplog.text


def test_gateway_is_chosen_by_name_or_dotted_path(settings):
    settings.SMS_GATEWAY = "db"
    assert isinstance(gateways.sms_gateway(), gateways.DatabaseGateway)
    settings.SMS_GATEWAY = "tests.notifications.fakes.FailingGateway"
    assert type(gateways.sms_gateway()).__name__ == "FailingGateway"
    assert isinstance(gateways.gateway_for("email"), gateways.EmailGateway)
