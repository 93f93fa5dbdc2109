"""`serve`'s protocol writes an answer's head with the first part of its body, in one write;
what goes out before the answer (`100 Continue`) is not held, nor is a HEAD's head. Answers of
requests being answered together go out together: one waits while others are being answered,
until the last of them or the loop's next turn."""

import socket
import threading

from simulator import server_protocol
from simulator.server_protocol import _AnswerBatch, _HeadWithBody
from simulator.testing import SimulatorServer


class Loop:
    """What the batch asks of its event loop: call_soon, run here by hand."""

    def __init__(self):
        self.soon = []

    def call_soon(self, callback):
        self.soon.append(callback)

    def next_turn(self):
        soon, self.soon = self.soon, []
        for callback in soon:
            callback()


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
    held = _HeadWithBody(transport, _AnswerBatch(Loop()))
    held.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # before the answer started: at once
    held.write(b"HTTP/1.1 200 OK\r\n\r\n")
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    held.write(b"body")
    held.write(b"more")
    assert transport.writes[1:] == [b"HTTP/1.1 200 OK\r\n\r\nbody", b"more"]
    assert held.get_extra_info("peername") == ("127.0.0.1", 1)


def test_a_large_first_part_is_written_beside_the_head_and_closing_writes_a_held_head():
    transport = Transport()
    held = _HeadWithBody(transport, _AnswerBatch(Loop()))
    big = b"x" * (server_protocol._JOINED_UP_TO + 1)
    held.write(b"HEAD")
    held.write(big)
    assert transport.writes == [(b"HEAD", big)]
    transport = Transport()
    held = _HeadWithBody(transport, _AnswerBatch(Loop()))
    held.write(b"HEAD")
    held.close()
    assert transport.writes == [b"HEAD"] and transport.closed


def answer(cycle: _HeadWithBody, body: bytes) -> None:
    """What uvicorn writes for an answer: its head, then its body."""
    cycle.write(b"HEAD|")
    cycle.write(body)


def test_an_answer_waits_for_the_others_being_answered_and_goes_out_with_the_last():
    loop, transports = Loop(), [Transport() for _ in range(3)]
    batch = _AnswerBatch(loop)
    cycles = [_HeadWithBody(transport, batch) for transport in transports]
    assert batch.answering == 3
    for number, cycle in enumerate(cycles[:2]):
        answer(cycle, b"body%d" % number)
    assert [t.writes for t in transports] == [[], [], []] and batch.answering == 1
    answer(cycles[2], b"body2")  # the last one: all three go out, in the order they were done
    assert [t.writes for t in transports] == [[b"HEAD|body0"], [b"HEAD|body1"], [b"HEAD|body2"]]
    assert batch.answering == 0
    loop.next_turn()  # the turn's own flush finds nothing left
    assert [len(t.writes) for t in transports] == [1, 1, 1]


def test_a_held_answer_waits_one_turn_at_most_and_keeps_its_connection_in_order():
    loop, first, second = Loop(), Transport(), Transport()
    batch = _AnswerBatch(loop)
    slow, quick = _HeadWithBody(first, batch), _HeadWithBody(second, batch)
    answer(quick, b"body")
    assert second.writes == [] and len(loop.soon) == 1
    loop.next_turn()  # `slow` still awaits something (a fault's latency): `quick` goes anyway
    assert second.writes == [b"HEAD|body"]
    answer(slow, b"part 1")
    assert first.writes == [b"HEAD|part 1"]  # nobody else is being answered: at once
    other = _HeadWithBody(Transport(), batch)
    streamed = _HeadWithBody(first, batch)
    answer(streamed, b"chunk 1")  # held: `other` is being answered
    streamed.write(b"chunk 2")  # a later part: what was held for the connection goes first
    assert first.writes[1:] == [b"HEAD|chunk 1", b"chunk 2"]
    other.close()  # a request that ends without an answer is counted out
    assert batch.answering == 0


def test_answers_held_for_a_client_that_left_are_dropped_and_counting_ends_once():
    loop, gone, staying = Loop(), Transport(), Transport()
    batch = _AnswerBatch(loop)
    left, waiting = _HeadWithBody(gone, batch), _HeadWithBody(staying, batch)
    answer(left, b"body")
    gone.closed = True  # the connection was lost before the turn ended
    waiting.answered()
    waiting.answered()
    assert batch.answering == 0
    loop.next_turn()
    assert gone.writes == []


def answering_counts() -> list[int]:
    return [batch.answering for batch in list(server_protocol._batches.values())]


def test_over_http_many_connections_at_once_get_their_own_answers_and_nothing_stays_counted():
    with SimulatorServer() as server:
        world = server.new_world()
        key = world.headers["X-API-KEY"].encode()
        accounts = world.get("/accounts").json()["items"]
        address = ("127.0.0.1", server.port)
        sockets = [socket.create_connection(address, timeout=5) for _ in range(24)]
        try:
            for rounds in range(3):
                start = threading.Barrier(len(sockets))
                answers = [None] * len(sockets)

                def ask(number, sock):
                    account = accounts[number % len(accounts)]["id"]
                    start.wait()
                    sock.sendall(
                        b"GET /api/v1/accounts/%s HTTP/1.1\r\nHost: x\r\nX-API-KEY: %s\r\n\r\n"
                        % (account.encode(), key)
                    )
                    answers[number] = read_answer(sock)

                threads = [threading.Thread(target=ask, args=pair) for pair in enumerate(sockets)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(10)
                for number, (head, body) in enumerate(answers):
                    assert head.startswith(b"HTTP/1.1 200")
                    assert accounts[number % len(accounts)]["id"].encode() in body
            sockets.pop().close()  # one leaves; the others are still answered
            sockets[0].sendall(b"GET /_sim/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_answer(sockets[0])[0].startswith(b"HTTP/1.1 200")
        finally:
            for sock in sockets:
                sock.close()
        assert answering_counts() and set(answering_counts()) == {0}


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
