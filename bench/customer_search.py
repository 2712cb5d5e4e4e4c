"""Customer search on 200,000 customers (PostgreSQL): p95 over phone-suffix and name searches.

Seeds once with COPY (about 10 s) and reuses the rows on later runs. Searches go through the
real selector (customers.selectors.customer_search) as a counter of one store would run them.
"""

from __future__ import annotations

import io
import random

from bench.common import percentile, report, require_postgres, timed_ms

TOTAL = 200_000
MARK = "bench-customer"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰飞鹏辉建国文斌宇浩凯佳欣怡梅琳雪婷晶颖倩雯丹"


def _seed(stores) -> None:
    from django.db import connection

    rng = random.Random(42)
    buf = io.StringIO()
    phones = set()
    while len(phones) < TOTAL:
        phones.add(f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}")
    for i, phone in enumerate(sorted(phones, key=lambda _p: rng.random())):
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        name = rng.choice(SURNAMES) + given
        store = stores[i % len(stores)]
        buf.write(f"{name}\t+86{phone}\t{phone[-4:]}\t\t\t\\N\t\tregular\t{store}\t{MARK}\t\ttrue\tfalse\t\\N\t\\N\t1\tnow\n")
    buf.seek(0)
    columns = ("name, phone, phone_last4, phone2, wechat_id, birthday, gender, vip_tier, home_store_id, notes, "
               "preferences, service_contact, marketing_consent, marketing_consent_at, merged_into_id, version, created_at")
    with connection.cursor() as cursor, cursor.copy(f"COPY customers_customer ({columns}) FROM STDIN") as copy:
        while chunk := buf.read(1 << 20):
            copy.write(chunk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_customer")


def main() -> None:
    require_postgres()
    from django.db import transaction

    from aftersales.models import Role, StaffMembership, Store, User
    from customers import selectors
    from customers.models import Customer

    a, _ = Store.objects.get_or_create(code="BA", defaults={"name": "Bench A"})
    b, _ = Store.objects.get_or_create(code="BB", defaults={"name": "Bench B"})
    user, _ = User.objects.get_or_create(username="bench-counter")
    StaffMembership.objects.get_or_create(user=user, store=a, defaults={"role": Role.COUNTER})
    have = Customer.objects.filter(notes=MARK).count()
    if have < TOTAL:
        Customer.objects.filter(notes=MARK).delete()
        with transaction.atomic():
            _seed([a.pk, b.pk])
    seeded = Customer.objects.filter(notes=MARK).count()

    rng = random.Random(7)
    sample = list(Customer.objects.filter(notes=MARK, home_store=a).values_list("name", "phone_last4", "phone")[:: 997][:200])
    queries = []
    for name, last4, phone in sample:
        queries += [last4, name, name[:1], phone[3:]]
    queries += [f"{rng.randrange(10000):04d}" for _ in range(100)]
    rng.shuffle(queries)

    # warm-up: connection, plans, caches
    for q in queries[:50]:
        selectors.customer_search(user=user, query=q)
    samples = []
    for q in queries:
        samples += timed_ms(lambda q=q: selectors.customer_search(user=user, query=q), repeat=1)
    print(f"# {seeded} customers, {len(samples)} searches (last 4 digits, full names, surnames, full phones)", flush=True)
    report("customer_search_p50", percentile(samples, 50), "ms")
    report("customer_search_p95", percentile(samples, 95), "ms")
