"""Open and click tracking as a mail client and a reader do it, over real HTTP on 127.0.0.1:
send a tracked email, fetch its HTML, load its pixel, follow a link, and receive both
`email_tracking` webhooks with the send's `tracking_id` and `label`."""

from __future__ import annotations

import re

import httpx
import pytest

from simulator.testing import SimulatorServer
from tests.api.receiver import Receiver, wait_until

BODY = (
    '<html><body><p>Hi Kim,</p><p>Our <a href="https://acme.example/pricing?plan=pro&amp;y=1" '
    'class="cta">pricing</a> and <a href="mailto:me@gmail.com">me</a>.</p></body></html>'
)


@pytest.fixture(scope="module")
def sim():
    with SimulatorServer(strict=True) as server:
        yield server


def test_a_mail_client_loads_the_pixel_and_a_reader_follows_a_link(sim):
    world = sim.new_world("default")
    try:
        accounts = world.get("/accounts", headers=world.headers).json()["items"]
        gmail = next(a["id"] for a in accounts if a["type"] == "GOOGLE_OAUTH")
        with Receiver() as receiver:
            hook = world.request("POST", "/webhooks", headers=world.headers, json={
                "request_url": receiver.url, "source": "email_tracking",
                "events": ["mail_opened", "mail_link_clicked"], "name": "tracking",
            })
            assert hook.status_code == 201, hook.text
            sent = world.request("POST", "/emails", headers=world.headers, files=[
                ("account_id", (None, gmail)),
                ("to", (None, '[{"identifier": "kim@acme.example"}]')),
                ("subject", (None, "Pricing")),
                ("body", (None, BODY)),
                ("tracking_options", (None, '{"opens": true, "links": true, "label": "step-1"}')),
            ])
            assert sent.status_code == 201, sent.text
            tracking_id = sent.json()["tracking_id"]
            html = world.get(f"/emails/{sent.json()['id']}", headers=world.headers).json()["body"]
            assert 'class="cta"' in html and "mailto:me@gmail.com" in html  # the rest is kept
            pixel = re.search(r'<img src="([^"]+)"', html).group(1)
            link = re.search(r'<a href="([^"]+)" class="cta"', html).group(1)
            assert pixel.startswith(sim.base_url + "/t/") and pixel.endswith("/o/" + tracking_id)
            assert link.startswith(sim.base_url + "/t/")

            loaded = httpx.get(pixel, headers={"User-Agent": "TestMail/1.0"})  # no API key
            assert loaded.status_code == 200 and loaded.headers["content-type"] == "image/gif"
            assert loaded.content.startswith(b"GIF89a")
            followed = httpx.get(link, headers={"User-Agent": "TestBrowser/2.0"})
            assert followed.status_code == 302
            assert followed.headers["location"] == "https://acme.example/pricing?plan=pro&y=1"
            unknown = httpx.get(pixel.rsplit("/", 1)[0] + "/AAAAAAAAAAAAAAAAAAAAAA")
            assert unknown.status_code == 404 and unknown.json()["type"] == "errors/resource_not_found"

            wait_until(lambda: receiver.count() >= 2, what="both tracking webhooks")
            payloads = {p["event"]: p for p in (r.json() for r in receiver.received)}
            opened, clicked = payloads["mail_opened"], payloads["mail_link_clicked"]
            for payload in (opened, clicked):
                assert payload["tracking_id"] == tracking_id and payload["label"] == "step-1"
                assert payload["email_id"] == sent.json()["id"] and payload["account_id"] == gmail
                assert payload["ip"] == "127.0.0.1" and payload["webhook_name"] == "tracking"
            assert opened["user_agent"] == "TestMail/1.0" and "url" not in opened
            assert clicked["user_agent"] == "TestBrowser/2.0"
            assert clicked["url"] == "https://acme.example/pricing?plan=pro&y=1"
    finally:
        world.drop()


def test_a_plain_text_body_is_not_tracked(sim):
    world = sim.new_world("default")
    try:
        accounts = world.get("/accounts", headers=world.headers).json()["items"]
        gmail = next(a["id"] for a in accounts if a["type"] == "GOOGLE_OAUTH")
        body = "Hi Kim, see https://acme.example/pricing"
        sent = world.request("POST", "/emails", headers=world.headers, json={
            "account_id": gmail, "to": [{"identifier": "kim@acme.example"}], "body": body,
            "tracking_options": {"opens": True, "links": True},
        })
        assert sent.status_code == 201, sent.text
        assert world.get(f"/emails/{sent.json()['id']}", headers=world.headers).json()["body"] == body
    finally:
        world.drop()
