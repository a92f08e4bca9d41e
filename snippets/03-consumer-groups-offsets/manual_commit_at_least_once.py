"""Myth: "manual commit gives exactly-once". It gives at-least-once.

The mailer commits each record's offset only after it has sent the email, which is the right
order: a crash never loses an email. But a crash between "send" and "commit" means the restarted
mailer reads that record again, and sends that email twice.
"""

from __future__ import annotations

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.structs import OffsetAndMetadata

from kafkalab.course import bootstrap_servers, delete_groups, recreate_topics

TOPIC = "lesson03-emails"
GROUP = "lesson03-mailer"
RECORDS = 5


class Crash(Exception):
    """Stands in for the process dying: power loss, OOM kill, a deploy."""


def run_mailer(sent: list[int], crash_after_sending: int | None) -> None:
    """Send one email per record, committing after each; optionally crash before one commit."""
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=bootstrap_servers(),
        group_id=GROUP,
        client_id="lesson03-mailer-1",
        auto_offset_reset="earliest",
        enable_auto_commit=False,  # manual commit: we decide when a record counts as done
        session_timeout_ms=6000,
        consumer_timeout_ms=2000,
    )
    try:
        # load the topic's metadata before the first join (see the page's note)
        consumer.partitions_for_topic(TOPIC)
        for record in consumer:
            sent.append(record.offset)  # the side effect: the email goes out
            if record.offset == crash_after_sending:
                raise Crash(f"crashed after sending email {record.offset}, before committing it")
            tp = TopicPartition(record.topic, record.partition)
            consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "", -1)})
            if record.offset == RECORDS - 1:
                break
    finally:
        consumer.close(autocommit=False)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, num_partitions=1, replication_factor=1)])
        delete_groups(admin, [GROUP])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=bootstrap_servers())
    try:
        for i in range(RECORDS):
            producer.send(TOPIC, value=f"welcome email {i}".encode())
        producer.flush()
    finally:
        producer.close()

    sent: list[int] = []
    try:
        run_mailer(sent, crash_after_sending=2)
    except Crash as crash:
        print(f"first run:  sent emails for offsets {sent}; {crash}")
    restart_at = len(sent)
    run_mailer(sent, crash_after_sending=None)
    print(f"second run: sent emails for offsets {sent[restart_at:]}")

    duplicates = sorted({offset for offset in sent if sent.count(offset) > 1})
    print(f"emails sent: {len(sent)} for {RECORDS} records; sent twice: offsets {duplicates}")
    assert sorted(set(sent)) == list(range(RECORDS)), "at-least-once: no record is skipped"
    assert duplicates == [2], "but the record processed before the crash is processed again"


if __name__ == "__main__":
    main()
