"""Run the same call from several threads released at one instant (row-lock races on PostgreSQL)."""

import threading

from django.db import connections


def race(fn, n=2):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = ("ok", fn(i))
        except Exception as exc:  # the loser's error is the point of the test
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
