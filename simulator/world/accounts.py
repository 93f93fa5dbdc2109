"""Connected provider accounts: records, the store, and the rules that act on them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable

from simulator.world.errors import ApiError, not_found
from simulator.world.events import WorldEvent
from simulator.world.index import OrderedIndex, PageSlice

if TYPE_CHECKING:
    from simulator.world.world import World

ACCOUNT_TYPES = (
    "MOBILE", "MAIL", "GOOGLE_OAUTH", "ICLOUD", "OUTLOOK", "GOOGLE_CALENDAR", "WHATSAPP",
    "LINKEDIN", "SLACK", "TWITTER", "EXCHANGE", "TELEGRAM", "INSTAGRAM", "MESSENGER",
)
SOURCE_STATUSES = ("OK", "STOPPED", "ERROR", "CREDENTIALS", "PERMISSIONS", "CONNECTING")
PREMIUM_FEATURES = ("premium", "sales_navigator", "recruiter")
MAIL_TYPES = frozenset({"MAIL", "GOOGLE_OAUTH", "ICLOUD", "OUTLOOK", "EXCHANGE"})


@dataclass(slots=True)
class Organization:
    name: str
    organization_urn: str
    mailbox_urn: str
    messaging_enabled: bool = True


@dataclass(slots=True, weakref_slot=True)
class Account:
    """A connected account. Fields are assigned, never mutated in place (no `.append`):
    every assignment bumps `version`, so whoever caches what they derive from the record (the
    API's rendering, held by the API layer) knows when to derive it again."""

    id: str
    type: str
    name: str
    created_at_ms: int
    seq: int
    status: str = "OK"
    # Identity at the provider: LinkedIn member id, phone number, mailbox address…
    provider_user_id: str | None = None
    username: str | None = None
    public_identifier: str | None = None
    phone_number: str | None = None
    email: str | None = None
    connection_method: str = "credentials"
    premium_features: list[str] = field(default_factory=list)
    premium_id: str | None = None
    premium_contract_id: str | None = None
    organizations: list[Organization] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    # InMail credits left per premium feature; a feature missing here still has its plan's
    # whole allowance (see world/plans.py). Messaging decrements it.
    inmail_credits: dict[str, int] = field(default_factory=dict)
    # How many field assignments the record has seen; not a field anyone sets.
    version: int = field(default=0, init=False, repr=False, compare=False)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name != "version":
            # getattr's default: during __init__ the slot is unset until its own turn.
            object.__setattr__(self, "version", getattr(self, "version", 0) + 1)

    @property
    def source_id(self) -> str:
        suffix = "MAILS" if self.type in MAIL_TYPES else "MESSAGING"
        return f"{self.id}_{suffix}"

    def copy(self) -> Account:
        return replace(
            self,
            premium_features=list(self.premium_features),
            organizations=list(self.organizations),
            groups=list(self.groups),
            inmail_credits=dict(self.inmail_credits),
        )


class AccountStore:
    """All accounts of one world, in creation order."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._by_id: dict[str, Account] = {}
        self._order: OrderedIndex[int] = OrderedIndex()
        self._next_seq = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self):
        return iter(self._by_id.values())

    def add(self, account: Account) -> Account:
        self._next_seq = max(self._next_seq, account.seq + 1)
        self._by_id[account.id] = account
        self._order.add(account.seq, account.id)
        return account

    def next_seq(self) -> int:
        return self._next_seq

    def find(self, account_id: str) -> Account | None:
        return self._by_id.get(account_id)

    def get(self, account_id: str) -> Account:
        account = self._by_id.get(account_id)
        if account is None:
            raise not_found("Account")
        return account

    def page(self, after_seq: int | None, limit: int) -> tuple[list[Account], int | None]:
        sliced: PageSlice = self._order.page(after_seq, limit)
        return [self._by_id[account_id] for account_id in sliced.ids], sliced.next_after

    def delete(self, account_id: str) -> None:
        account = self.get(account_id)
        del self._by_id[account_id]
        self._order.remove(account_id)
        self._world.bus.publish(
            WorldEvent(
                "account_status",
                self._world.now_ms(),
                account.id,
                {"account_type": account.type, "message": "DELETED"},
            )
        )

    def require_usable(self, account_id: str) -> Account:
        """The account a call acts through; a disconnected one cannot act (§7.6a)."""
        account = self.get(account_id)
        if account.status == "CREDENTIALS":
            raise ApiError(
                "disconnected_account",
                f"account_id: account {account_id} must be reconnected (status CREDENTIALS)",
            )
        return account


def require_kind(account: Account, types: Iterable[str], holds: str) -> Account:
    """The account, if its type is one of `types`; else 422 naming `account_id` and saying
    which accounts `holds` (chats, emails...) live on."""
    types = tuple(types)
    if account.type not in types:
        raise ApiError(
            "invalid_account",
            f"account_id: account {account.id} is a {account.type} account; {holds} live on "
            f"{', '.join(types)} accounts",
        )
    return account
