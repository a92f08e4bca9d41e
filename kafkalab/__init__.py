"""kafkalab: the Kafka lab of "Kafka from Zero to Expert, in Python".

It gets a broker (an existing cluster, Docker, or Apache Kafka run natively from Maven Central),
gives learners the Kafka CLI tools, and runs every code block of the course site as a test.
"""

from kafkalab.versions import KAFKA_VERSION

__all__ = ["KAFKA_VERSION"]
