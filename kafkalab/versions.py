"""The one place that pins versions. The pom, docker-compose.yml and the site read these values
(a test checks that they agree)."""

KAFKA_VERSION = "4.3.1"
"""Apache Kafka release used everywhere: native jars, the Docker image and testcontainers.
The newest 4.x listed in kafka-python 3.0.12's compatibility badge ("kafka 4.3 - 0.8")."""

KAFKA_IMAGE = f"apache/kafka:{KAFKA_VERSION}"
"""The official image; Docker mode and docker-compose.yml use it unless KAFKA_IMAGE names another."""

LAB_IMAGE = f"kafkalab/kafka:{KAFKA_VERSION}"
"""The course's own image (docker/Dockerfile, `make image`): the same jars as the native lab, for
machines that cannot pull from Docker Hub. Used when KAFKA_IMAGE names it, or when it is the only
Kafka image present."""

KAFKA_PYTHON_VERSION = "3.0.12"
CONFLUENT_KAFKA_VERSION = "2.16.1"
