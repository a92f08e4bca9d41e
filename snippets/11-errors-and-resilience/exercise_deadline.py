"""Exercise 1: retry by time, not by count.

The retries stop when the next backoff would end after a deadline, as
delivery.timeout.ms does for the producer. A batch must never block its partition
for longer than the budget, whatever the jitter draws.
"""

import random
import time
from collections.abc import Callable

from orders import RETRIABLE, handle

BASE_S = 0.1
CAP_S = 0.8
BUDGET_S = 1.0  # the most one record may cost, sleeps included
LATE_S = 0.2  # a busy machine may wake a sleeper this late


def call_until_deadline(call: Callable[[int], dict]) -> dict:
    deadline = time.monotonic() + BUDGET_S
    attempt = 0
    while True:
        attempt += 1
        try:
            return call(attempt)
        except RETRIABLE:
            bound = min(CAP_S, BASE_S * 2 ** (attempt - 1))
            delay = random.uniform(0, bound)
            if time.monotonic() + delay > deadline:  # this sleep would overrun
                print(f"gave up after {attempt} attempts")
                raise
            time.sleep(delay)


def main() -> None:
    start = time.monotonic()
    try:
        call_until_deadline(lambda n: handle({"id": 7, "amount": 70}, n))
        raise AssertionError("order 7 succeeded")
    except TimeoutError:
        took = time.monotonic() - start
    print(f"order 7 cost {took:.2f} s of its {BUDGET_S} s budget")
    assert took <= BUDGET_S + LATE_S, "the retries overran the budget"


if __name__ == "__main__":
    main()
