"""Errors the lab reports to a person: each one says what happened and what to do next."""


class LabError(RuntimeError):
    """A problem getting or using a broker, with a message meant to be read by a learner."""


NO_BROKER_WAY = """\
No Kafka broker is available, and kafkalab cannot start one here.

There are three ways to get a broker; use whichever fits your machine:
  1. An existing cluster: export KAFKA_BOOTSTRAP_SERVERS=host:port (kafkalab then starts nothing).
  2. Docker: start a Docker engine; the test suite then starts apache/kafka with testcontainers,
     and `docker compose up -d` starts the same broker for you on localhost:9092.
  3. Native (no Docker): install Java 17+ and Maven (e.g. `apt-get install openjdk-17-jdk maven`),
     then run `kafkalab up`.

What was checked: {checked}"""
