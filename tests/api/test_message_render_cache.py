"""Messages render once and are copied (api/unipile/render_messaging.py): what the cache keeps
never leaks between worlds or readers."""

from starlette.testclient import TestClient

from simulator.app import Settings, build_app


def test_the_same_message_id_in_two_worlds_renders_each_worlds_text():
    with TestClient(build_app(Settings(strict=True))) as client:
        keys = [
            client.post("/_sim/tenants", json={"scenario": "default"}).json()["api_key"]
            for _ in range(2)
        ]
        sent = []
        for key, text in zip(keys, ("from the first world", "from the second world")):
            headers = {"X-API-KEY": key}
            chat = client.get("/api/v1/chats", headers=headers).json()["items"][0]
            client.get(f"/api/v1/chats/{chat['id']}/messages", headers=headers)  # rendered, kept
            answer = client.post(
                f"/api/v1/chats/{chat['id']}/messages", json={"text": text}, headers=headers
            )
            assert answer.status_code == 201, answer.text
            sent.append((headers, answer.json()["message_id"], text))
        assert sent[0][1] == sent[1][1]  # same scenario, same seed: the same id in both
        for headers, message_id, text in sent * 2:  # twice: the second read comes from the cache
            assert (
                client.get(f"/api/v1/messages/{message_id}", headers=headers).json()["text"] == text
            )


def test_seen_is_the_readers_not_the_cached_one():
    with TestClient(build_app(Settings(strict=True))) as client:
        client.headers["X-API-KEY"] = "sim_default_key_0001"
        chat = next(c for c in client.get("/api/v1/chats").json()["items"] if c["unread_count"])
        before = client.get(f"/api/v1/chats/{chat['id']}/messages").json()["items"]
        assert any(m["seen"] == 0 for m in before if not m["is_sender"])
        assert (
            client.patch(
                f"/api/v1/chats/{chat['id']}", json={"action": "setReadStatus", "value": True}
            ).status_code
            == 200
        )
        after = client.get(f"/api/v1/chats/{chat['id']}/messages").json()["items"]
        assert all(m["seen"] == 1 for m in after if not m["is_sender"])
        assert [{**m, "seen": 0} for m in after] == [{**m, "seen": 0} for m in before]


def test_list_fragments_are_the_bytes_of_the_message_objects():
    """The list routes join a message's kept JSON around `seen` and `attendee_distance`
    (message_fragment); every message of the world, read every way, serializes as its dict."""
    import orjson

    from simulator.api.unipile.render_messaging import message_fragment, message_json
    from simulator.world.messaging import ChatQuery, MessageView

    app = build_app(Settings())
    (world,) = app.state.registry.worlds()
    inbox = world.messaging.inbox
    checked = 0
    chats, _ = world.messaging.chats_page(ChatQuery(), None, 1_000)
    for chat in chats:
        for message_id in chat.messages.page(None, 1_000).ids:
            message = inbox.messages.get(message_id)
            for seen in (False, True):
                for distance in (None, 1, 2, 3, 4):
                    view = MessageView(message, chat, seen, distance)
                    assert orjson.dumps([message_fragment(view)]) == orjson.dumps(
                        [message_json(view)]
                    )
            checked += 1
    assert checked >= 50
