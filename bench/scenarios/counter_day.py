"""A counter's day for locust: staff of the seeded stores (bench/load.py writes the manifest).

A quarter of the staff are at work from the start (logging in over the first seconds); the rest
log in at once at the shift change (SHIFT_CHANGE_AT seconds in). Then each clicks every 1–3 s,
between pieces of work and between the clicks of one (open the intake form, 1–3 s, send it).
Every request is written to LOAD_SAMPLES as a line: start, name, kind (page, post, print,
login), milliseconds, ok, error. A request counts as failed when the status is not the
expected one, a form comes back with errors, or the next page shows an error message.

More counter work: write a function taking the user and decorate it with @action(weight).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path

import gevent
from locust import HttpUser, between, events

MANIFEST = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text())
# Open for the whole run, line-buffered: the bench reads it after locust exits.
SAMPLES = open(os.environ["LOAD_SAMPLES"], "a", buffering=1)  # noqa: SIM115
SHIFT_CHANGE_AT = float(os.environ.get("LOAD_SHIFT_CHANGE_AT", "10"))
EARLY_SHARE = 0.25
_T0 = time.time()
_numbering = itertools.count()
# How many staff this run has (LOAD_USERS): a quarter of them at work from the start.
USERS = int(os.environ.get("LOAD_USERS", "40"))
_identities = [(store, username) for i in range(max(len(s["staff"]) for s in MANIFEST["stores"]))
               for store in MANIFEST["stores"] for username in store["staff"][i:i + 1]]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
TOKEN = re.compile(r'name="submit_token" value="([^"]+)"')
ERROR = 'alert alert-danger'


def _photo() -> bytes:
    """A tablet-camera-sized JPEG (1600 × 1200, noisy, so it does not compress to nothing)."""
    from PIL import Image

    image = Image.merge("RGB", [Image.effect_noise((1600, 1200), 40 + 10 * i) for i in range(3)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


PHOTO = _photo()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, context=None, start_time=None, **kwargs):
    start = start_time if start_time else time.time() - response_time / 1000
    kind = (context or {}).get("kind", "page")
    error = "" if exception is None else str(exception).replace("\t", " ").replace("\n", " ")[:300]
    SAMPLES.write(f"{start:.3f}\t{name}\t{kind}\t{response_time:.1f}\t{0 if exception else 1}\t{error}\n")


ACTIONS: dict = {}


def action(weight: int):
    def register(fn):
        ACTIONS[fn] = weight
        return fn
    return register


class CounterStaff(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        # As a browser does: a GET sent on a kept-alive connection that the server closed just then
        # (idle past gunicorn's keepalive) is sent again on a new one, not shown as an error.
        from locust.clients import LocustHttpAdapter
        from urllib3.util.retry import Retry

        self.client.mount("http://", LocustHttpAdapter(None, max_retries=Retry(total=1, connect=1, read=1, status=0, redirect=0,
                                                                                allowed_methods=frozenset({"GET"}), raise_on_status=False)))
        n = next(_numbering)
        self.store, self.username = _identities[n % len(_identities)]
        index = self.store["staff"].index(self.username)
        share = len(self.store["staff"])
        self.open = [o for i, o in enumerate(self.store["open"]) if i % share == index]
        self.ready = [r for i, r in enumerate(self.store["ready"]) if i % share == index]
        self.followups = [f for i, f in enumerate(self.store["followups"]) if i % share == index]
        self.cases = [c for i, c in enumerate(self.store.get("cases", [])) if i % share == index]
        self.recent: list[str] = []  # orders this user just made or changed: the ones printed
        early = n < max(1, round(min(USERS, len(_identities)) * EARLY_SHARE))
        wait = random.uniform(0, 5) if early else SHIFT_CHANGE_AT + random.uniform(0, 0.3)
        gevent.sleep(max(0.0, _T0 + wait - time.time()))
        self.login(name="login" if early else "login (shift change)")

    # --- helpers -----------------------------------------------------------------------------
    def get(self, path, name, kind="page", expect=200, **kwargs):
        with self.client.get(path, name=name, context={"kind": kind}, allow_redirects=False, catch_response=True, **kwargs) as r:
            if r.status_code != expect:
                r.failure(f"HTTP {r.status_code}, expected {expect}" + (f" ({r.error!r})" if not r.status_code else ""))
            elif kind == "page" and ERROR in r.text:
                r.failure("error message on the page")
            return r

    def post(self, path, name, data, files=None, kind="post"):
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **data}
        with self.client.post(path, name=name, data=data, files=files, context={"kind": kind}, allow_redirects=False,
                              catch_response=True, headers={"Referer": self.host + path}) as r:
            if r.status_code != 302:
                r.failure(f"HTTP {r.status_code}, expected a redirect (form sent back?)" + (f" ({r.error!r})" if not r.status_code else ""))
            return r

    def login(self, name):
        self.get("/login/", "login page", kind="login")
        r = self.post("/login/", name, {"username": self.username, "password": MANIFEST["password"]}, kind="login")
        if r.status_code == 302:
            self.get("/", "home")

    def think(self):
        """The 1–3 s before a person's next click inside one piece of work (filling in a form,
        weighing, a call): the same pause as between pieces of work. Following a redirect is the
        browser's, not a click, and comes at once."""
        gevent.sleep(self.wait_time())

    def version(self, text) -> str:
        found = VERSION.search(text)
        return found.group(1) if found else ""

    def after(self, response, name="order page"):
        """The page a form post redirects to, checked for an error message."""
        location = response.headers.get("Location", "")
        if response.status_code == 302 and location:
            return self.get(location, name)
        return None

    def order_number(self) -> str:
        pool = self.recent or self.open or [r[0] for r in self.ready]
        return random.choice(pool)

    # --- the counter's work --------------------------------------------------------------------
    @action(6)
    def repairs_list(self):
        view = random.choice(["all", "today", "awaiting", "overdue", "ready"])
        if random.random() < 0.3:
            self.get(f"/repairs/?view=all&status={random.choice(['received', 'ready', 'awaiting_approval'])}", "repairs list filtered")
        else:
            self.get(f"/repairs/?view={view}", "repairs list")

    @action(3)
    def search_last4(self):
        _pk, last4 = random.choice(self.store["customers"])
        r = self.client.get(f"/search/?q={last4}", name="search last four", context={"kind": "page"}, allow_redirects=False)
        if r.status_code == 302:
            self.get(r.headers["Location"], "search hit page")

    @action(6)
    def order_page(self):
        self.get(f"/repairs/{self.order_number()}/", "order page")

    @action(2)
    def intake(self):
        page = self.get("/repairs/new/", "intake form")
        token = TOKEN.search(page.text)
        customer, last4 = random.choice(self.store["customers"])
        data = {
            "submit_token": token.group(1) if token else str(uuid.uuid4()), "phone": last4, "customer": str(customer),
            "risks_acknowledged": "on", "deposit": "", "promised_date": "",
            "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "20",
            "items-0-category": "ring", "items-0-material": "au999", "items-0-description": "足金戒指，戒圈变形",
            "items-0-piece_count": "1", "items-0-intake_weight": f"{random.uniform(2, 12):.2f}", "items-0-stone_count": "0",
            "items-0-scratches": "on", "items-0-job1": str(MANIFEST["services"]["polish"]), "items-0-qty1": "1",
        }
        self.think()  # the form is filled in
        r = self.post("/repairs/new/", "intake POST (photo)", data, files={"items-0-photos": ("photo.jpg", PHOTO, "image/jpeg")})
        if r.status_code == 302:
            number = r.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
            self.recent = [number, *self.recent][:5]
            self.after(r)

    @action(2)
    def quote_and_approve(self):
        if not self.open:
            return
        number = self.open.pop(0)
        page = self.get(f"/repairs/{number}/", "order page")
        self.think()
        r = self.post(f"/repairs/{number}/do/quote/", "quote POST", {"version": self.version(page.text), "labour": "120", "parts": "0",
                                                                       "discount": "0", "metal_weight": "0", "note": "改圈加焊"})
        page = self.after(r)
        if page is None:
            return
        self.think()
        r = self.post(f"/repairs/{number}/do/approve/", "approve POST", {"version": self.version(page.text), "method": "phone",
                                                                           "call_taken_by": self.username, "spoke_with": "本人"})
        self.after(r)
        self.recent = [number, *self.recent][:5]

    @action(4)
    def receipt_print(self):
        """The counter prints right after a change: an intake, an approval. (The seeded orders'
        receipts stand for the morning's, already printed; they are not reprinted here.)"""
        if not self.recent:
            return
        number = random.choice(self.recent)
        copies = "?copies=both" if random.random() < 0.3 else ""
        self.get(f"/repairs/{number}/print/receipt/{copies}", "receipt print", kind="print")

    @action(1)
    def pickup(self):
        if not self.ready:
            return
        number, items = self.ready.pop(0)
        r = self.client.get(f"/repairs/pickup/?q={number}", name="pickup scan", context={"kind": "page"}, allow_redirects=False)
        page = self.get(r.headers.get("Location", f"/repairs/{number}/pickup/?scanned=1"), "pickup page")
        data = {"version": self.version(page.text), "receipt_presented": "on", "by_owner": "on", "payment_amount": "0.00", "note": ""}
        for pk, weight in items:
            data[f"take{pk}"] = "on"
            data[f"w{pk}"] = weight
        self.think()  # weighed out, receipt checked
        self.after(self.post(f"/repairs/{number}/pickup/", "pickup POST", data))

    @action(1)
    def followup_call(self):
        self.get("/customers/followups/", "follow-up list")
        if not self.followups:
            return
        pk = self.followups.pop(0)
        self.think()
        self.get(f"/customers/followups/{pk}/call/", "follow-up call page")
        self.think()  # the call
        r = self.post(f"/customers/followups/{pk}/call/", "follow-up call POST", {
            "outcome": "reached", "thanked": "on", "asked_how_piece_is": "on", "asked_suggestions": "on", "satisfaction": "5",
            "notes": "顾客满意"})
        self.after(r, "follow-up list")

    @action(1)
    def case_acknowledgement(self):
        """A complaint received this morning: the counter calls the customer back and records the
        acknowledgement (process explained, answer promised by a date) within the 24 hours."""
        self.get("/cases/?view=to_ack", "case list")
        if not self.cases:
            return
        number = self.cases.pop(0)
        self.think()
        page = self.get(f"/cases/{number}/", "case page")
        token = TOKEN.search(page.text)
        self.think()  # the call back
        r = self.post(f"/cases/{number}/do/contact/", "case acknowledgement POST", {
            "submit_token": token.group(1) if token else str(uuid.uuid4()), "method": "call", "at": "",
            "told": "已致歉，说明处理流程，三日内答复", "customer_said": "希望尽快处理", "acknowledgement": "on",
            "expected_by": self.store["case_expected_by"]})
        self.after(r, "case page")

    @action(1)
    def tradein_quote(self):
        """A customer brings old gold to trade in: the quote is made, an old piece weighed in, and
        priced from today's gold price."""
        page = self.get("/tradein/new/", "trade-in form")
        token = TOKEN.search(page.text)
        customer, last4 = random.choice(self.store["customers"])
        self.think()
        r = self.post("/tradein/new/", "trade-in quote POST", {
            "submit_token": token.group(1) if token else str(uuid.uuid4()), "customer": str(customer), "phone": last4,
            "kind": "tradein", "category": "pure_gold", "origin": "ours", "price_material": "au999", "notes": ""})
        page = self.after(r, "trade-in quote page")
        if page is None:
            return
        number = r.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        self.think()  # the piece is weighed
        r = self.post(f"/tradein/q/{number}/do/old/", "trade-in old piece POST", {
            "version": self.version(page.text), "description": "足金手镯", "category": "bangle", "material": "au999",
            "gross_weight": f"{random.uniform(5, 30):.2f}"})
        page = self.after(r, "trade-in quote page")
        if page is None:
            return
        token = TOKEN.search(page.text)
        self.think()
        r = self.post(f"/tradein/q/{number}/do/price/", "trade-in price POST", {
            "version": self.version(page.text), "submit_token": token.group(1) if token else str(uuid.uuid4())})
        self.after(r, "trade-in quote page")

    @action(1)
    def home(self):
        self.get("/", "home")


CounterStaff.tasks = ACTIONS
