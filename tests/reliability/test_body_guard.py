"""A request body over the server's limit is answered 413 before it is read whole, and one that
stops arriving 408; both in the error envelope, and the route never runs."""

import asyncio

import httpx

from simulator.api import body_guard
from simulator.api.body_guard import BodyGuard
from simulator.testing import SimulatorServer


def run(app, scope, messages, timeout_s=None):
    sent = []
    queue = list(messages)

    async def receive():
        if queue:
            return queue.pop(0)
        await asyncio.sleep(3600)  # the client went quiet

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def scope(headers=()):
    return {"type": "http", "method": "POST", "path": "/api/v1/chats", "headers": list(headers)}


def test_a_declared_length_over_the_limit_is_refused_before_reading():
    called = []

    async def route(scope, receive, send):
        called.append(True)

    guard = BodyGuard(route, max_bytes=100)
    sent = run(guard, scope([(b"content-length", b"101")]), [])
    assert sent[0]["status"] == 413 and not called
    assert b'"detail":"body: 101 bytes, over the limit of 100"' in sent[1]["body"]


def test_a_streamed_body_over_the_limit_and_a_stalled_one():
    async def route(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    chunks = [{"type": "http.request", "body": b"x" * 60, "more_body": True}] * 2
    sent = run(BodyGuard(route, max_bytes=100), scope(), chunks)
    assert sent[0]["status"] == 413 and b"at least 120 bytes" in sent[1]["body"]
    stalled = [{"type": "http.request", "body": b"x" * 10, "more_body": True}]
    sent = run(BodyGuard(route, max_bytes=100, timeout_s=0.05), scope(), stalled)
    assert sent[0]["status"] == 408
    assert b'"type":"errors/request_timeout"' in sent[1]["body"] and b"body: not received within" in sent[1]["body"]
    whole = [{"type": "http.request", "body": b"x" * 10, "more_body": False}]
    assert run(BodyGuard(route, max_bytes=100), scope(), whole)[0]["status"] == 200


def test_over_http_the_world_is_untouched_and_the_server_healthy():
    with SimulatorServer() as server:
        world = server.new_world()
        before = world.get("/chats", headers=world.headers).json()
        big = b"x" * (body_guard.MAX_REQUEST_BYTES + 1)
        answer = httpx.post(server.unipile_url + "/chats", content=big,
                            headers={**world.headers, "content-type": "application/json"})
        assert answer.status_code == 413 and answer.json()["type"] == "errors/content_too_large"
        assert world.get("/chats", headers=world.headers).json() == before


def test_an_http1_request_without_a_body_is_passed_on_untouched():
    """HTTP/1.x frames a body with content-length or transfer-encoding: without either there is
    nothing to guard, and the route gets the server's own receive and send."""
    seen = []

    async def route(scope, receive, send):
        seen.append((receive, send))

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        pass

    for headers in ([], [(b"content-length", b"0")]):
        asyncio.run(BodyGuard(route)({**scope(headers), "http_version": "1.1"}, receive, send))
    assert seen == [(receive, send)] * 2
    chunked = {**scope([(b"transfer-encoding", b"chunked")]), "http_version": "1.1"}
    stalled = [{"type": "http.request", "body": b"x" * 10, "more_body": True}]

    async def reading_route(scope, receive, send):
        while (await receive()).get("more_body"):
            pass

    sent = run(BodyGuard(reading_route, timeout_s=0.05), chunked, stalled)
    assert sent[0]["status"] == 408


def test_a_receive_that_waits_is_resumed_and_one_cancelled_stays_cancelled():
    """A part of the body already there is taken at once; one the client sends later is
    awaited under the deadline, and the task's own cancellation is not a 408."""

    async def late_part():
        await asyncio.sleep(0.01)
        return {"type": "http.request", "body": b"late", "more_body": False}

    async def read(receive):
        return await body_guard.read_guarded_body(receive, timeout_s=1.0)

    assert asyncio.run(read(late_part)) == b"late"

    async def future_part():  # an awaitable that is not a coroutine
        future = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(0.01, future.set_result,
                                              {"type": "http.request", "body": b"f"})
        return await read(lambda: future)

    assert asyncio.run(future_part()) == b"f"

    async def cancelled_while_waiting():
        async def never():
            await asyncio.sleep(3600)

        task = asyncio.create_task(read(never))
        await asyncio.sleep(0.01)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            return "cancelled"
        return "answered"

    assert asyncio.run(cancelled_while_waiting()) == "cancelled"
