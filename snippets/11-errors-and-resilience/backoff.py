"""Bounded retries with exponential backoff and full jitter, around the faulty handler.

Before attempt n+1 the caller sleeps a random time between 0 and
min(CAP_S, BASE_S * 2**(n-1)). The random part (jitter) spreads out clients that
failed together, so they do not all retry at the same instant. Only retriable
failures are retried, at most MAX_ATTEMPTS times in all. The sleeps are measured
(a busy machine may wake a sleeper a few milliseconds late); the drawn waits are
checked against their bounds.
"""

import random
import time
from collections.abc import Callable

from orders import RETRIABLE, handle

BASE_S = 0.1  # the first backoff is at most 0.1 s
CAP_S = 0.8  # no backoff is ever longer than this
MAX_ATTEMPTS = 5


# --8<-- [start:retry]
def call_with_retries(call: Callable[[int], dict], label: str) -> dict:
    """Call call(attempt) until it succeeds, fails fatally, or runs out of attempts."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return call(attempt)
        except RETRIABLE as exc:
            if attempt == MAX_ATTEMPTS:
                print(f"{label}: attempt {attempt} {type(exc).__name__}, giving up")
                raise
            bound = min(CAP_S, BASE_S * 2 ** (attempt - 1))  # exponential, capped
            delay = random.uniform(0, bound)  # full jitter
            start = time.monotonic()
            time.sleep(delay)
            slept = time.monotonic() - start
            print(
                f"{label}: attempt {attempt} {type(exc).__name__}, "
                f"slept {slept:.3f} s (random, at most {bound:.1f} s)"
            )
            assert delay <= bound, "the jitter drew a wait above the bound"
    raise AssertionError("unreachable")


# --8<-- [end:retry]


def main() -> None:
    result = call_with_retries(
        lambda n: handle({"id": 10, "amount": 25}, n), "order 10"
    )
    print(f"order 10: charged {result['charged']}")
    try:
        call_with_retries(lambda n: handle({"id": 7, "amount": 70}, n), "order 7")
        raise AssertionError("order 7 succeeded")
    except TimeoutError:
        print(f"order 7: failed after {MAX_ATTEMPTS} attempts")
    try:
        call_with_retries(lambda n: handle({"id": 9, "amount": -5}, n), "order 9")
        raise AssertionError("order 9 succeeded")
    except ValueError as exc:
        print(f"order 9: ValueError on the first attempt, not retried: {exc}")


if __name__ == "__main__":
    main()
