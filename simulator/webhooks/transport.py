"""The HTTP client deliveries go through: one pooled aiohttp session per server.

aiohttp rather than httpx: on this 2-core machine the engine delivered ~2,900/s (one webhook)
to ~5,000/s (ten) over aiohttp, and ~700/s and ~260/s over httpx's AsyncClient, against a target
of 1,000/s (bench/bench_webhooks.py, bench/RESULTS.md). Imported on the first delivery, not at
start-up: aiohttp is a fifth of a cold start, and most worlds never deliver.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from simulator import __version__

if TYPE_CHECKING:
    import aiohttp

USER_AGENT = f"unipile-sim/{__version__} (webhooks)"
_MAX_CONNECTIONS = 100


class DeliveryFailed(Exception):
    """No HTTP status came back: refused, reset, timed out... `str()` says which."""


class HttpTransport:
    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Made lazily, inside the running loop that will use it (aiohttp's requirement).
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=_MAX_CONNECTIONS),
                # §7.2: no Content-Type unless the webhook's headers add one.
                skip_auto_headers=("Content-Type",),
                headers={"User-Agent": USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._session

    async def post(
        self, url: str, body: bytes, headers: dict[str, str], timeout_s: float
    ) -> int:
        """POST `body`; returns the status code, raises DeliveryFailed when there is none."""
        import aiohttp

        session = self._open()
        try:
            async with session.post(
                url,
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=timeout_s),
                allow_redirects=False,
            ) as response:
                await response.read()
                return response.status
        except asyncio.TimeoutError:
            raise DeliveryFailed(f"timeout: no answer within {timeout_s:g} s") from None
        except aiohttp.ClientConnectorError as error:
            raise DeliveryFailed(f"connection failed: {error.os_error or error}") from None
        except (aiohttp.ClientError, ValueError, OSError) as error:
            raise DeliveryFailed(f"{type(error).__name__}: {error}") from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
