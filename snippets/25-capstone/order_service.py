"""The order service: writes new orders to lesson25-orders as Avro records.

Usage: python order_service.py [FIRST] [COUNT] (default: orders 1 to 24). Each order
is keyed by its id and framed with the schema id the registry gave ORDER. Its event
time (ordered_at) is in the record, 15 s after the order before it.
"""

from __future__ import annotations

import sys

from confluent_kafka import Producer
from shop import BOOTSTRAP, ORDERS, Codec, registry

PRICES = {"chair": 9_000, "desk": 39_000, "lamp": 4_500, "sofa": 30_000}  # cents
SKUS = sorted(PRICES)
START = 1_767_603_600_000  # 2026-01-05 09:00:00 UTC, in epoch milliseconds


def order(i: int) -> dict:
    sku = SKUS[i % 4]
    return {
        "order_id": f"o-{i:03}",
        "customer": f"c-{i % 5}",
        "sku": sku,
        "amount_cents": PRICES[sku] + (i % 3) * 1_000,
        "ordered_at": START + (i - 1) * 15_000,
    }


def main(first: int = 1, count: int = 24) -> None:
    codec = Codec()
    producer = Producer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "client.id": "lesson25-order-service",
            "acks": "all",  # librdkafka's default, made visible
            "enable.idempotence": True,  # false by default in librdkafka
            "partitioner": "murmur2_random",  # the Java client's key hashing
        }
    )
    sizes = []
    for i in range(first, first + count):
        value = order(i)
        data = codec.encode(ORDERS, value)  # header (magic byte, schema id) + Avro
        producer.produce(ORDERS, key=value["order_id"], value=data)
        sizes.append(len(data))
    assert producer.flush(10) == 0, "some orders were not delivered"
    last = first + count - 1
    print(f"wrote orders o-{first:03} to o-{last:03}: {min(sizes)}-{max(sizes)} bytes")
    o = order(first)
    schema_id = int.from_bytes(codec.encode(ORDERS, o)[1:5], "big")  # bytes 1-4
    registered = registry().get_latest_version(f"{ORDERS}-value").schema_id
    assert schema_id == registered, "framed with the subject's registered schema"
    print(f"  {o['order_id']}: {o['sku']} {o['amount_cents'] / 100:.2f}, "
          f"schema id {schema_id} = {ORDERS}-value's latest")  # fmt: skip


if __name__ == "__main__":
    main(*map(int, sys.argv[1:3]))
