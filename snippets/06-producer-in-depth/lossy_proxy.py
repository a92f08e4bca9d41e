"""A tiny HTTP CONNECT proxy that can lose one produce acknowledgement on purpose.

A producer configured with `proxy_url="http://127.0.0.1:PORT"` (kafka-python) opens
every broker connection through this proxy. The proxy copies bytes both ways and
reads the Kafka request headers as they pass. When armed, it lets the next Produce
request reach the broker, waits for the broker's answer, and then cuts the
connection instead of passing the answer on. The broker has written the records;
the producer never hears so. That is a lost acknowledgement, the network failure
that producer retries (and idempotence) exist for. It can also swallow every
Produce request, like a broker that never answers.

Import `LossyProxy` from another script, or run this file to check it starts.
"""

import socket
import struct
import threading

PRODUCE_API_KEY = 0  # the api_key of a Produce request in the Kafka protocol


def read_exactly(sock: socket.socket, size: int) -> bytes:
    """Read `size` bytes, or raise ConnectionError if the peer closes first."""
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("peer closed the connection")
        data += chunk
    return data


def read_frame(sock: socket.socket) -> bytes:
    """Read one Kafka frame: a 4-byte big-endian size, then that many bytes."""
    header = read_exactly(sock, 4)
    (size,) = struct.unpack(">i", header)
    return header + read_exactly(sock, size)


def close_both(*socks: socket.socket) -> None:
    """Shut both directions down (waking any thread blocked on them), then close."""
    for sock in socks:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed
        sock.close()


class LossyProxy:
    """Forward Kafka connections; optionally drop the answer to one Produce request."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self._acks_to_drop = 0
        self._swallow = threading.Event()
        self._lock = threading.Lock()
        self.dropped_acks = 0
        self.produce_requests = 0
        threading.Thread(target=self._accept_loop, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_next_produce_ack(self, count: int = 1) -> None:
        """Let the next `count` Produce requests through, but lose the answers."""
        with self._lock:
            self._acks_to_drop += count

    def swallow_produce_requests(self) -> None:
        """From now on, never pass Produce requests on: the broker stays silent."""
        self._swallow.set()

    def close(self) -> None:
        self._server.close()

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:  # the server socket was closed
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        # An HTTP CONNECT handshake: "CONNECT host:port HTTP/1.1" ... blank line.
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            request += chunk
        host, port = request.split(b" ")[1].decode().rsplit(":", 1)
        broker = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        dropped: set[int] = set()  # correlation ids whose answers must be lost
        threading.Thread(
            target=self._to_broker, args=(client, broker, dropped), daemon=True
        ).start()
        self._to_client(client, broker, dropped)

    def _to_broker(
        self, client: socket.socket, broker: socket.socket, dropped: set[int]
    ) -> None:
        try:
            while True:
                frame = read_frame(client)
                api_key, _version, correlation_id = struct.unpack(">hhi", frame[4:12])
                if api_key == PRODUCE_API_KEY:
                    with self._lock:
                        self.produce_requests += 1
                        if self._acks_to_drop > 0:
                            self._acks_to_drop -= 1
                            dropped.add(correlation_id)
                    if self._swallow.is_set():
                        continue  # the request never reaches the broker
                broker.sendall(frame)
        except OSError:  # ConnectionError is an OSError too
            close_both(client, broker)

    def _to_client(
        self, client: socket.socket, broker: socket.socket, dropped: set[int]
    ) -> None:
        try:
            while True:
                frame = read_frame(broker)
                (correlation_id,) = struct.unpack(">i", frame[4:8])
                if correlation_id in dropped:
                    # The broker has answered: the records are written. Lose the
                    # answer and cut the connection, as a failing network would.
                    with self._lock:
                        self.dropped_acks += 1
                    raise ConnectionError("acknowledgement dropped on purpose")
                client.sendall(frame)
        except OSError:
            close_both(client, broker)


if __name__ == "__main__":
    proxy = LossyProxy()
    print(f"lossy proxy listening at {proxy.url}")
    proxy.close()
