"""A web app's LinkedIn accounts service: its own rows in SQLite, Unipile behind them.

Four routes, as the app documents them (a user is known by its Bearer token):

- `POST /api/unipile/reconnect {accountId}`: a hosted-auth reconnect link, valid one hour.
- `POST /api/unipile/refresh {accountId}`: re-read the premium flags and the weekly limits from
  Unipile; `changed` says which flags moved.
- `GET /api/unipile/accounts`: the user's usable rows, checked against Unipile (a 404 there
  flips the row to `disconnected`; a row without a name or flags is filled in).
- `DELETE /api/unipile/accounts?accountId=`: delete on Unipile's side best-effort, then mark the
  row `disconnected` (kept for history).

`accountId` is always the app's row id (a UUID), never Unipile's account id.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

RECONNECT_LINK_LIFETIME = timedelta(hours=1)
# (weekly connection requests, weekly messages)
PREMIUM_LIMITS = (100, 150)
FREE_LIMITS = (80, 100)
STATUS_OF_SOURCE = {"OK": "connected", "CREDENTIALS": "credentials_required"}
LISTED_STATUSES = ("connected", "credentials_required")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

log = logging.getLogger("accounts_service")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (token TEXT PRIMARY KEY, id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unipile_accounts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    account_id TEXT NOT NULL,            -- Unipile's
    status TEXT NOT NULL,                -- connected | credentials_required | disconnected
    name TEXT,
    profile_url TEXT,
    is_premium INTEGER,
    has_sales_navigator INTEGER,
    weekly_connection_limit INTEGER,
    weekly_message_limit INTEGER
);
"""


class UnipileError(Exception):
    """Unipile answered with an error (its envelope: status, type, title, detail)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"Unipile answered {response.status_code}: {response.text[:200]}")
        self.status = response.status_code


class Unipile:
    """The few Unipile calls this service makes. `dsn` is the server's root (no /api/v1):
    Unipile's DSN in production, the simulator's `base_url` in tests."""

    def __init__(self, dsn: str, api_key: str) -> None:
        self.dsn = dsn
        self._http = httpx.AsyncClient(
            base_url=f"{dsn}/api/v1", headers={"X-API-KEY": api_key}, timeout=10.0
        )

    async def account(self, account_id: str) -> dict[str, Any] | None:
        """The account, or None when Unipile does not know it (404)."""
        response = await self._http.get(f"/accounts/{account_id}")
        if response.status_code == 404:
            return None
        return self._ok(response)

    async def reconnect_link(self, account_id: str, expires_at: datetime, name: str) -> str:
        response = await self._http.post("/hosted/accounts/link", json={
            "type": "reconnect",
            "reconnect_account": account_id,
            "api_url": self.dsn,
            "expiresOn": expires_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "name": name,
        })  # fmt: skip
        return str(self._ok(response)["url"])

    async def delete(self, account_id: str) -> None:
        self._ok(await self._http.delete(f"/accounts/{account_id}"))

    async def close(self) -> None:
        await self._http.aclose()

    @staticmethod
    def _ok(response: httpx.Response) -> dict[str, Any]:
        if response.status_code >= 300:
            raise UnipileError(response)
        return response.json()


def flags(account: dict[str, Any]) -> dict[str, Any]:
    """The row's fields as Unipile's account payload gives them."""
    profile = account["connection_params"]["im"]
    features = profile.get("premiumFeatures") or []
    premium = bool(features) or profile.get("premiumId") is not None
    connections, messages = PREMIUM_LIMITS if premium else FREE_LIMITS
    return {
        "name": account["name"],
        "profile_url": f"https://www.linkedin.com/in/{profile['publicIdentifier']}",
        "is_premium": premium,
        "has_sales_navigator": "sales_navigator" in features,
        "weekly_connection_limit": connections,
        "weekly_message_limit": messages,
    }


class Store:
    """The app's tables. One connection per call: routes run in a thread pool."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path)
        db.row_factory = sqlite3.Row
        try:
            with db:  # one transaction
                yield db
        finally:
            db.close()

    def add_user(self, token: str, user_id: str) -> None:
        with self._db() as db:
            db.execute("INSERT INTO users VALUES (?, ?)", (token, user_id))

    def add_account(self, user_id: str, account_id: str, status: str = "connected") -> str:
        """A row as the connect flow leaves it: no name or flags yet. Returns its id."""
        row_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{user_id}/{account_id}"))
        with self._db() as db:
            db.execute(
                "INSERT INTO unipile_accounts (id, user_id, account_id, status) VALUES (?,?,?,?)",
                (row_id, user_id, account_id, status),
            )
        return row_id

    def user_of(self, token: str) -> str | None:
        with self._db() as db:
            found = db.execute("SELECT id FROM users WHERE token = ?", (token,)).fetchone()
        return found["id"] if found else None

    def row(self, user_id: str, row_id: str) -> dict[str, Any] | None:
        with self._db() as db:
            found = db.execute(
                "SELECT * FROM unipile_accounts WHERE id = ? AND user_id = ?", (row_id, user_id)
            ).fetchone()
        return dict(found) if found else None

    def rows(self, user_id: str, statuses: tuple[str, ...]) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(statuses))
        with self._db() as db:
            found = db.execute(
                f"SELECT * FROM unipile_accounts WHERE user_id = ? AND status IN ({marks}) "
                "ORDER BY rowid",
                (user_id, *statuses),
            ).fetchall()
        return [dict(row) for row in found]

    def update(self, row_id: str, **fields: Any) -> None:
        columns = ", ".join(f"{name} = ?" for name in fields)
        with self._db() as db:
            db.execute(
                f"UPDATE unipile_accounts SET {columns} WHERE id = ?", (*fields.values(), row_id)
            )


def create_app(database: Path, unipile: Unipile, now: Callable[[], datetime]) -> Starlette:
    """The service. `now` is the app's clock (UTC): the wall clock in production, the
    simulator's world clock in tests."""
    store = Store(database)

    def error(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"error": code, "message": message}, status_code=status)

    def caller(request: Request) -> str | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return store.user_of(token) if scheme.lower() == "bearer" else None

    def owned_row(request: Request, row_id: Any) -> dict[str, Any] | JSONResponse:
        user = caller(request)
        if user is None:
            return error(401, "unauthorized", "a Bearer token is required")
        if not isinstance(row_id, str) or not UUID.match(row_id):
            return error(400, "invalid_account_id", "accountId must be a UUID")
        row = store.row(user, row_id)
        return row if row is not None else error(404, "not_found", "no such account")

    async def reconnect(request: Request) -> JSONResponse:
        row = owned_row(request, (await request.json()).get("accountId"))
        if isinstance(row, JSONResponse):
            return row
        try:
            url = await unipile.reconnect_link(
                row["account_id"], now() + RECONNECT_LINK_LIFETIME, name=row["id"]
            )
        except UnipileError as failed:
            if failed.status == 425:  # a login for this account is already under way
                return error(409, "reconnect_in_progress", "finish the reconnect already open")
            return error(502, "unipile_error", str(failed))
        return JSONResponse({"url": url})

    async def refresh(request: Request) -> JSONResponse:
        row = owned_row(request, (await request.json()).get("accountId"))
        if isinstance(row, JSONResponse):
            return row
        account = await unipile.account(row["account_id"])
        if account is None:
            store.update(row["id"], status="disconnected")
            return error(404, "not_found", "Unipile no longer knows this account")
        fresh = flags(account)
        store.update(row["id"], **fresh)
        changed = {
            name: row[name] is not None and bool(row[name]) != fresh[name]
            for name in ("is_premium", "has_sales_navigator")
        }
        body = {name: value for name, value in fresh.items() if name not in ("name", "profile_url")}
        return JSONResponse({"success": True, **body, "changed": changed})

    async def list_accounts(request: Request) -> JSONResponse:
        user = caller(request)
        if user is None:
            return error(401, "unauthorized", "a Bearer token is required")
        listed = []
        for row in store.rows(user, LISTED_STATUSES):
            account = await unipile.account(row["account_id"])
            if account is None:  # deleted on Unipile's side
                store.update(row["id"], status="disconnected")
                continue
            updates = {}
            if row["name"] is None or row["is_premium"] is None:
                updates |= flags(account)
            status = STATUS_OF_SOURCE.get(account["sources"][0]["status"], row["status"])
            if status != row["status"]:
                updates["status"] = status
            if updates:
                store.update(row["id"], **updates)
            listed.append(row | updates)
        return JSONResponse({"accounts": [_public(row) for row in listed]})

    async def delete_account(request: Request) -> JSONResponse:
        row = owned_row(request, request.query_params.get("accountId"))
        if isinstance(row, JSONResponse):
            return row
        try:
            await unipile.delete(row["account_id"])
        except (UnipileError, httpx.HTTPError) as failed:  # best-effort: our row goes anyway
            log.warning("Unipile delete of %s failed: %s", row["account_id"], failed)
        store.update(row["id"], status="disconnected")
        return JSONResponse({"success": True})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await unipile.close()

    app = Starlette(lifespan=lifespan, routes=[
        Route("/api/unipile/reconnect", reconnect, methods=["POST"]),
        Route("/api/unipile/refresh", refresh, methods=["POST"]),
        Route("/api/unipile/accounts", list_accounts, methods=["GET"]),
        Route("/api/unipile/accounts", delete_account, methods=["DELETE"]),
    ])  # fmt: skip
    app.state.store = store
    return app


def _public(row: dict[str, Any]) -> dict[str, Any]:
    shown = {name: value for name, value in row.items() if name != "user_id"}
    for name in ("is_premium", "has_sales_navigator"):
        shown[name] = None if row[name] is None else bool(row[name])
    return shown
