"""`serve`'s protocol writes an answer's head with the first part of its body, in one write;
what goes out before the answer (`100 Continue`) is not held, nor is a HEAD's head."""

import socket

from simulator import server_protocol
from simulator.server_protocol import _HeadWithBody
from simulator.testing import SimulatorServer


class Transport:
    def __init__(self):
        self.writes = []
        self.closed = False

    def write(self, data):
        self.writes.append(bytes(data))

    def writelines(self, parts):
        self.writes.append(tuple(parts))

    def close(self):
        self.closed = True

    def is_closing(self):
        return self.closed

    def get_extra_info(self, name):
        return ("127.0.0.1", 1) if name == "peername" else None


def test_the_head_waits_for_the_first_body_part_and_goes_out_with_it():
    transport = Transport()
    held = _HeadWithBody(transport)
    held.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # before the answer started: at once
    held.write(b"HTTP/1.1 200 OK\r\n\r\n")
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    held.write(b"body")
    held.write(b"more")
    assert transport.writes[1:] == [b"HTTP/1.1 200 OK\r\n\r\nbody", b"more"]
    assert held.get_extra_info("peername") == ("127.0.0.1", 1)


def test_a_large_first_part_is_written_beside_the_head_and_closing_writes_a_held_head():
    transport = Transport()
    held = _HeadWithBody(transport)
    big = b"x" * (server_protocol._JOINED_UP_TO + 1)
    held.write(b"HEAD")
    held.write(big)
    assert transport.writes == [(b"HEAD", big)]
    transport = Transport()
    held = _HeadWithBody(transport)
    held.write(b"HEAD")
    held.close()
    assert transport.writes == [b"HEAD"] and transport.closed


def read_answer(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head, body


def test_over_http_a_get_a_head_and_an_expect_100_continue_post():
    with SimulatorServer() as server:
        world = server.new_world()
        key = world.headers["X-API-KEY"].encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"GET /api/v1/accounts HTTP/1.1\r\nHost: x\r\nX-API-KEY: " + key + b"\r\n\r\n")
            head, body = read_answer(sock)
            assert head.startswith(b"HTTP/1.1 200") and body.startswith(b'{"object":"AccountList"')
            sock.sendall(b"HEAD /_sim/health HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                data += sock.recv(65536)
            assert data.startswith(b"HTTP/1.1 200") and data.endswith(b"\r\n\r\n")
            payload = b'{"name": "From a careful client"}'
            sock.sendall(
                b"POST /api/v1/webhooks HTTP/1.1\r\nHost: x\r\nX-API-KEY: " + key
                + b"\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                + b"Content-Length: %d\r\n\r\n" % len(payload)
            )
            assert sock.recv(65536) == b"HTTP/1.1 100 Continue\r\n\r\n"  # before the body is sent
            sock.sendall(payload)
            head, body = read_answer(sock)
            assert head.split(b"\r\n")[0].startswith(b"HTTP/1.1 4") and b'"status":' in body
