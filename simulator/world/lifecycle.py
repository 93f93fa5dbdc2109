"""The account state machine (§7.6a): `sources[].status` and the account_status events.

| trigger                                   | status                       | event             |
|-------------------------------------------|------------------------------|-------------------|
| connect succeeds (API, checkpoint, hosted)| OK                           | CREATION_SUCCESS  |
| initial sync of a syncing type ends       | unchanged                    | SYNC_SUCCESS      |
| reconnect succeeds (API, hosted)          | OK (whatever it was)         | RECONNECTED       |
| the provider side changes it (control)    | any of SOURCE_STATUSES       | the new status    |
| restart of a STOPPED/ERROR/CONNECTING one | OK                           | OK                |
| restart of an OK one                      | unchanged                    | none              |
| restart of a CREDENTIALS/PERMISSIONS one  | unchanged (failed to restart)| none              |
| resync (GET /accounts/{id}/sync) ends     | unchanged                    | SYNC_SUCCESS      |
| delete                                    | gone                         | DELETED           |

An event is published only for a real transition: setting the status an account already has
publishes nothing. Connecting is instant here (CONNECTING -> OK collapses into the creation),
so a test on a frozen clock can use an account as soon as it is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from simulator.world.accounts import PREMIUM_FEATURES, SOURCE_STATUSES, Account
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.events import WorldEvent

if TYPE_CHECKING:
    from simulator.world.world import World

# Types whose first sync ends with a SYNC_SUCCESS event (§7.4: LinkedIn, IMAP, WhatsApp,
# Instagram, Telegram).
INITIAL_SYNC_TYPES = frozenset({"LINKEDIN", "MAIL", "WHATSAPP", "INSTAGRAM", "TELEGRAM"})
INITIAL_SYNC_MS = 60_000
# Types GET /accounts/{id}/sync serves (LinkedIn, and Telegram per third-party docs).
RESYNC_TYPES = frozenset({"LINKEDIN", "TELEGRAM"})
SYNC_RUNNING_AFTER_MS = 2_000
SYNC_DONE_AFTER_MS = 30_000
LINKEDIN_PRODUCTS = ("classic", "recruiter", "sales_navigator")
RESTARTABLE = frozenset({"STOPPED", "ERROR", "CONNECTING"})
CONTRACT_FEATURES = frozenset({"sales_navigator", "recruiter"})

SyncStatus = Literal["SYNC_STARTED", "SYNC_RUNNING", "SYNC_DONE", "SYNC_ERROR"]


@dataclass(slots=True)
class SyncJob:
    account_id: str
    status: SyncStatus
    started_ms: int
    reported_end: bool = False  # a finished job is shown once; the next call starts afresh


class Lifecycle:
    def __init__(self, world: World) -> None:
        self._world = world
        self._syncs: dict[str, SyncJob] = {}

    # -- transitions --------------------------------------------------------------------------

    def set_status(self, account: Account, status: str) -> str | None:
        """Move `account` to `status`; returns the event message published, None if unchanged."""
        if status not in SOURCE_STATUSES:
            raise invalid_parameter("status", f"must be one of {', '.join(SOURCE_STATUSES)}")
        if account.status == status:
            return None
        account.status = status
        self._publish(account, status)
        return status

    def created(self, account: Account) -> None:
        """A login made `account`: CREATION_SUCCESS now, SYNC_SUCCESS when its first sync ends."""
        self._publish(account, "CREATION_SUCCESS")
        if account.type in INITIAL_SYNC_TYPES:
            self._world.schedule_in(
                INITIAL_SYNC_MS,
                "initial_sync_done",
                lambda: self._initial_sync_done(account.id),
                account_id=account.id,
            )

    def reconnected(self, account: Account) -> None:
        account.status = "OK"
        self._publish(account, "RECONNECTED")

    def restart(self, account: Account) -> bool:
        """POST /accounts/{id}/restart: True when the account runs afterwards."""
        if account.status == "OK":
            return True  # a healthy account restarts silently (§2.2)
        if account.status in RESTARTABLE:
            self.set_status(account, "OK")
            return True
        return False  # CREDENTIALS needs a reconnect, PERMISSIONS the host device

    # -- plan changes ---------------------------------------------------------------------------

    def set_premium(self, account: Account, features: list[str]) -> None:
        """A plan upgrade or downgrade: the next read of the account shows it (seed 001's
        refresh). premiumId exists while any feature does; premiumContractId while Sales
        Navigator or Recruiter does. Ids kept across changes, drawn from the world's RNG."""
        if account.type != "LINKEDIN":
            raise invalid_parameter(
                "account_id", f"premium features belong to LINKEDIN accounts, not {account.type}"
            )
        wanted = set(features)
        account.premium_features = [name for name in PREMIUM_FEATURES if name in wanted]
        ids = self._world.ids
        if not wanted:
            account.premium_id = None
        elif account.premium_id is None:
            account.premium_id = ids.digits(9)
        if not wanted & CONTRACT_FEATURES:
            account.premium_contract_id = None
        elif account.premium_contract_id is None:
            account.premium_contract_id = ids.digits(9)

    # -- resync -------------------------------------------------------------------------------

    def sync(self, account_id: str, product: str | None = None) -> SyncStatus:
        """GET /accounts/{id}/sync: start a resync, or report how the current one is doing."""
        account = self._world.accounts.require_usable(account_id)
        if account.type not in RESYNC_TYPES:
            raise ApiError(
                "invalid_request",
                f"account_id: resync serves LINKEDIN and TELEGRAM accounts, not {account.type}",
            )
        subscribed = account.type == "LINKEDIN" and product in account.premium_features
        if product is not None and product != "classic" and not subscribed:
            raise ApiError(
                "feature_not_subscribed",
                f"linkedin_product: account {account_id} has no {product} subscription",
            )
        job = self._syncs.get(account_id)
        if job is None or job.reported_end:
            return self._start_sync(account).status
        if job.status in ("SYNC_DONE", "SYNC_ERROR"):
            job.reported_end = True
        return job.status

    def _start_sync(self, account: Account) -> SyncJob:
        job = SyncJob(account.id, "SYNC_STARTED", self._world.now_ms())
        self._syncs[account.id] = job

        def running() -> dict[str, Any]:
            if job.status == "SYNC_STARTED":
                job.status = "SYNC_RUNNING"
            return {"status": job.status}

        def done() -> dict[str, Any]:
            current = self._find(job.account_id)
            if current is None or current.status != "OK":
                job.status = "SYNC_ERROR"
            else:
                job.status = "SYNC_DONE"
                self._publish(current, "SYNC_SUCCESS")
            return {"status": job.status}

        self._world.schedule_in(
            SYNC_RUNNING_AFTER_MS, "sync_running", running, account_id=account.id
        )
        self._world.schedule_in(SYNC_DONE_AFTER_MS, "sync_done", done, account_id=account.id)
        return job

    # -- helpers ------------------------------------------------------------------------------

    def _initial_sync_done(self, account_id: str) -> dict[str, Any]:
        account = self._find(account_id)
        if account is None:
            return {"skipped": "account deleted"}
        self._publish(account, "SYNC_SUCCESS")
        return {}

    def _find(self, account_id: str) -> Account | None:
        try:
            return self._world.accounts.get(account_id)
        except ApiError:
            return None

    def _publish(self, account: Account, message: str) -> None:
        self._world.bus.publish(
            WorldEvent(
                "account_status",
                self._world.now_ms(),
                account.id,
                {"account_type": account.type, "message": message},
            )
        )
