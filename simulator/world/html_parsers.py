"""Reading HTML email bodies: their text (`body_plain`) and their links (open/click tracking).

A module of its own, imported by the first HTML body sent: `html.parser` is not needed to build
a world or to serve most requests (start-up time, bench/RESULTS.md).
"""

from __future__ import annotations

from html.parser import HTMLParser


class TextParser(HTMLParser):
    """The text of a body, a line break for each block-level tag, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._hidden += 1
        elif tag in ("br", "p", "div", "li", "tr") and self.parts:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


class AnchorParser(HTMLParser):
    """Where each `<a href>` start tag is in the source, and its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[tuple[int, int], str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            raw = self.get_starttag_text() or ""
            self.found.append((self.getpos(), raw, attrs))

    handle_startendtag = handle_starttag
