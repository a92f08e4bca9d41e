"""Two poison records in lesson25-orders: bytes no Avro deserializer can read.

The first has no registry header at all (JSON from a producer that skipped the
registry); the second has the header with a schema id the registry does not know.
"""

from __future__ import annotations

import struct

from confluent_kafka import Producer
from shop import BOOTSTRAP, ORDERS

POISON = {
    "o-bad-1": b'{"order_id": "o-bad-1", "amount": 12}',
    "o-bad-2": b"\x00" + struct.pack(">I", 999_999) + b"\x02\x04",  # unknown id
}


def main() -> None:
    producer = Producer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "client.id": "lesson25-poison",
            "partitioner": "murmur2_random",
        }
    )
    for key, value in POISON.items():
        producer.produce(ORDERS, key=key, value=value)
        print(f"wrote {key}: first bytes {value[:5].hex(' ')} ...")
    assert producer.flush(10) == 0, "the poison records were not delivered"


if __name__ == "__main__":
    main()
