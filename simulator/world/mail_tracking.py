"""Open and click tracking of sent emails (reference part 2 §2.5).

With `tracking_options`, an HTML body gets a one-pixel image (`opens`) and its links rewritten
(`links`) to URLs the simulator serves itself: `{base}/t/{world}/o/{tracking_id}` and
`{base}/t/{world}/c/{link_id}`. A GET on them is what a mail client or a reader does: it
records the open or the click and announces `mail_opened` / `mail_link_clicked` (source
`email_tracking`) with the send's `label`. Plain-text bodies are not tracked, as the reference
says: the options are accepted and nothing is rewritten. Every fetch counts (opens are not
de-duplicated: mail clients prefetch, and Unipile does not document de-duplication).

The HTML is rewritten in place with the standard library's parser: only the `href` of each
`<a>` tag changes and the pixel goes before `</body>`; the author's markup is kept byte for
byte otherwise, which a re-serializing library (lxml, BeautifulSoup) would not do.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.clock import iso_ms
from simulator.world.errors import ApiError
from simulator.world.events import WorldEvent
from simulator.world.outgoing_mail import TrackingOptions

if TYPE_CHECKING:
    from simulator.world.world import World

_TAG = re.compile(r"<[A-Za-z][^>]*>")
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
_TRACKED_SCHEMES = ("http://", "https://")


@dataclass
class TrackedEmail:
    tracking_id: str
    account_id: str
    email_id: str
    label: str | None
    custom_domain: str | None
    links: dict[str, str] = field(default_factory=dict)  # link id -> the original URL
    opens: int = 0
    clicks: int = 0


def is_html(body: str) -> bool:
    return _TAG.search(body) is not None


class MailTracking:
    def __init__(self, world: World) -> None:
        self._world = world
        self._by_tracking_id: dict[str, TrackedEmail] = {}
        self._link_owner: dict[str, str] = {}  # link id -> tracking id

    def instrument(
        self, body: str, tracking_id: str, options: TrackingOptions, base_url: str
    ) -> tuple[str, dict[str, str]]:
        """The body to send, and its tracked links (link id -> URL)."""
        if not options.active or not is_html(body):
            return body, {}
        base = _tracking_base(options, base_url, self._world.public_id)
        links: dict[str, str] = {}
        if options.links:

            def rewrite(url: str) -> str:
                link_id = self._world.ids.unique_id()
                links[link_id] = url
                return f"{base}/c/{link_id}"

            body = _rewrite_links(body, rewrite)
        if options.opens:
            pixel = (
                f'<img src="{base}/o/{tracking_id}" width="1" height="1" alt="" '
                'style="display:none">'
            )
            ends = list(_BODY_END.finditer(body))
            at = ends[-1].start() if ends else len(body)
            body = body[:at] + pixel + body[at:]
        return body, links

    def register(
        self,
        tracking_id: str,
        account_id: str,
        email_id: str,
        options: TrackingOptions,
        links: dict[str, str],
    ) -> None:
        self._by_tracking_id[tracking_id] = TrackedEmail(
            tracking_id, account_id, email_id, options.label, options.custom_domain, links
        )
        for link_id in links:
            self._link_owner[link_id] = tracking_id

    def knows(self, token: str) -> bool:
        return token in self._by_tracking_id or token in self._link_owner

    def links_of(self, tracking_id: str) -> dict[str, str]:
        tracked = self._by_tracking_id.get(tracking_id)
        return dict(tracked.links) if tracked is not None else {}

    def tracked(self, tracking_id: str) -> TrackedEmail | None:
        return self._by_tracking_id.get(tracking_id)

    def open(self, tracking_id: str, ip: str, user_agent: str) -> None:
        tracked = self._by_tracking_id.get(tracking_id)
        if tracked is None:
            raise ApiError("resource_not_found", f"tracking_id: {tracking_id!r} is not tracked")
        tracked.opens += 1
        self._announce("mail_opened", tracked, ip, user_agent, None)

    def click(self, link_id: str, ip: str, user_agent: str) -> str:
        """The URL the reader is sent on to."""
        owner = self._link_owner.get(link_id)
        if owner is None:
            raise ApiError("resource_not_found", f"link_id: {link_id!r} is not a tracked link")
        tracked = self._by_tracking_id[owner]
        tracked.clicks += 1
        url = tracked.links[link_id]
        self._announce("mail_link_clicked", tracked, ip, user_agent, url)
        return url

    def _announce(
        self, name: str, tracked: TrackedEmail, ip: str, user_agent: str, url: str | None
    ) -> None:
        account = self._world.accounts.find(tracked.account_id)
        if account is None or account.status != "OK":
            return
        now = self._world.now_ms()
        data: dict[str, object] = {
            "event_id": self._world.ids.unique_id(),
            "tracking_id": tracked.tracking_id,
            "date": iso_ms(now),
            "email_id": tracked.email_id,
            "ip": ip,
            "user_agent": user_agent,
        }
        if url is not None:
            data["url"] = url
        data["label"] = tracked.label
        data["custom_domain"] = tracked.custom_domain
        self._world.bus.publish(WorldEvent(name, now, account.id, data))


def _tracking_base(options: TrackingOptions, base_url: str, world_id: str) -> str:
    """The white-label domain when the send names one, else the simulator itself."""
    if options.custom_domain:
        domain = options.custom_domain.rstrip("/")
        root = domain if domain.startswith(_TRACKED_SCHEMES) else f"https://{domain}"
    else:
        root = base_url.rstrip("/")
    return f"{root}/t/{world_id}"


def _rewrite_links(body: str, rewrite: object) -> str:
    from simulator.world.html_parsers import AnchorParser

    parser = AnchorParser()
    parser.feed(body)
    parser.close()
    line_starts = [0]
    for line in body.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    pieces: list[str] = []
    cursor = 0
    for (line, column), raw, attrs in parser.found:
        href = next((value for name, value in attrs if name == "href"), None)
        if href is None or not href.strip().lower().startswith(_TRACKED_SCHEMES):
            continue
        offset = line_starts[line - 1] + column
        if body[offset : offset + len(raw)] != raw:  # never rewrite what was not found as is
            continue
        new_href = rewrite(href.strip())  # type: ignore[operator]
        rebuilt = "<a" + "".join(
            f' {name}="{html.escape(new_href if name == "href" else value or "", quote=True)}"'
            if value is not None or name == "href"
            else f" {name}"
            for name, value in attrs
        ) + (" />" if raw.rstrip().endswith("/>") else ">")
        pieces.append(body[cursor:offset])
        pieces.append(rebuilt)
        cursor = offset + len(raw)
    pieces.append(body[cursor:])
    return "".join(pieces)
