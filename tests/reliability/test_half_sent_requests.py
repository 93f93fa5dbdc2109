"""A client that sends half a request is cut off: the head after its deadline (the server's
protocol), the body after its own (BodyGuard); whole requests on the same server are served."""

import socket
import time

import pytest

from simulator import server_protocol
from simulator.testing import SimulatorServer


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setattr(server_protocol.GuardedHttpToolsProtocol, "head_timeout_s", 0.3)
    with SimulatorServer() as running:
        yield running


def connect(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    return sock


def closed_within(sock, seconds):
    sock.settimeout(seconds)
    started = time.monotonic()
    try:
        data = sock.recv(1024)
    except (ConnectionResetError, TimeoutError):
        return False
    return data == b"" and time.monotonic() - started < seconds


def test_half_a_head_is_cut_off(server):
    sock = connect(server)
    sock.sendall(b"GET /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: sim_def")
    assert closed_within(sock, 3)
    silent = connect(server)  # nothing at all
    assert closed_within(silent, 3)


def test_whole_requests_and_keep_alive_are_untouched(server):
    sock = connect(server)
    for _ in range(2):
        time.sleep(0.2)
        sock.sendall(b"GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    sock.sendall(b"GET /_sim/heal")  # the next request's head stalls: cut
    assert closed_within(sock, 3)


def test_heads_that_keep_coming_keep_the_connection(server):
    """The connection's one timer looks again when a later head than its own is awaited."""
    with connect(server) as sock:
        for _ in range(5):  # 0.75 s in all, over the 0.3 s deadline of any one head
            time.sleep(0.15)
            sock.sendall(b"GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /_sim/heal")
        assert closed_within(sock, 3)


def test_a_head_that_trickles_in_is_cut_off_too(server):
    """Bytes that keep coming do not extend a head's deadline: the whole head must be in."""
    with connect(server) as sock:
        sock.sendall(b"GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        try:
            for byte in b"GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 40:
                sock.sendall(bytes([byte]))
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert time.monotonic() - started < 3  # cut before the 4 s the head would take
        sock.settimeout(3)
        try:
            assert sock.recv(1024) == b""  # closed, without an answer
        except ConnectionResetError:
            pass  # closed while bytes were still coming: reset
