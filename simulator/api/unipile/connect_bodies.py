"""Connect, reconnect and checkpoint bodies (§2.3, seed 003), shared by both dialects.

One model per provider variant, read by the one body reader (simulator/api/bodies.py). `provider`
picks the variant, and where a provider has two ways in, the credential field present picks
between them (`access_token` -> LinkedIn cookie, `sessionid` -> Instagram cookie, `cookies` ->
Messenger session). A null is refused except where the real API takes one: `ip` and the
messaging `sync_limit` points, which its document leaves untyped. Each variant reduces itself to
a `LoginAttempt`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import Discriminator, Field, Tag, ValidationInfo, model_validator
from starlette.requests import Request

from simulator.api.bodies import BodyUnion, Omittable, RequestBody, read_json, validate_fields
from simulator.world.auth import (
    CODE_CHECKPOINT_PROVIDERS,
    RESEND_PROVIDERS,
    LoginAttempt,
    normalize_phone,
)

# The patterns are written once here and copied verbatim into the contracts.
# ASCII digits only ([0-9], not \d): the server and the contract's generators agree on them.
DATETIME_MS = (
    r"^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$"
)
_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4 = rf"^({_OCTET}\.){{3}}{_OCTET}$"
COUNTRY = r"^[A-Za-z]{2}$"
PAIRING_PHONE = r"^\+?[0-9][0-9 ().-]{5,30}$"
REQUIRED_SESSION_COOKIES = ("xs", "c_user", "datr")

NonEmpty = Annotated[str, Field(min_length=1)]
Port = Annotated[int, Field(ge=1, le=65535)]
DisabledFeature = Literal[
    "linkedin_recruiter", "linkedin_sales_navigator", "linkedin_organizations_mailboxes"
]
MAX_SAFE_INTEGER = 2**53 - 1  # JSON's safe integers
SyncPoint = (
    Annotated[str, Field(pattern=DATETIME_MS)] | Annotated[int, Field(ge=0, le=MAX_SAFE_INTEGER)]
)


class Proxy(RequestBody):
    protocol: Omittable[Literal["https", "http", "socks5"]] = None
    host: NonEmpty
    port: Port
    username: Omittable[str] = None
    password: Omittable[str] = None


class MessagingSyncLimit(RequestBody):
    # Null is "no limit": the real API's document leaves these untyped.
    chats: SyncPoint | None = None
    messages: SyncPoint | None = None


class _Common(RequestBody):
    country: Omittable[Annotated[str, Field(pattern=COUNTRY)]] = None
    ip: Annotated[str, Field(pattern=IPV4)] | None = None  # null is "not given", as upstream
    disabled_features: Omittable[list[DisabledFeature]] = None

    @model_validator(mode="before")
    @classmethod
    def repeated_account_id(cls, data: Any, info: ValidationInfo) -> Any:
        """A reconnect body may repeat the path's id as `account_id` (both dialects), as the
        official SDK's `account.reconnect*` methods send it (`path_account_id` in the context)."""
        path_account_id = (info.context or {}).get("path_account_id")
        if path_account_id is None or not isinstance(data, dict) or "account_id" not in data:
            return data
        if data["account_id"] != path_account_id:
            raise ValueError("account_id: must be the account id of the path")
        return {name: value for name, value in data.items() if name != "account_id"}

    def login(self) -> LoginAttempt:
        raise NotImplementedError


class _Messaging(_Common):
    sync_limit: Omittable[MessagingSyncLimit] = None


class _Mailing(_Common):
    sync_limit: Omittable[Literal["NO_HISTORY_SYNC"]] = None


class LinkedinCredentials(_Messaging):
    provider: Literal["LINKEDIN"]
    username: NonEmpty
    password: NonEmpty
    user_agent: Omittable[NonEmpty] = None
    recruiter_contract_id: Omittable[NonEmpty] = None
    proxy: Omittable[Proxy] = None

    def login(self) -> LoginAttempt:
        secrets = {"username": self.username, "password": self.password}
        return LoginAttempt("LINKEDIN", "credentials", secrets, "username")


class LinkedinCookie(_Messaging):
    provider: Literal["LINKEDIN"]
    access_token: NonEmpty
    premium_token: Omittable[NonEmpty] = None
    user_agent: Omittable[NonEmpty] = None
    recruiter_contract_id: Omittable[NonEmpty] = None
    proxy: Omittable[Proxy] = None

    def login(self) -> LoginAttempt:
        return LoginAttempt(
            "LINKEDIN", "cookie", {"access_token": self.access_token}, "access_token"
        )


class Whatsapp(_Common):
    provider: Literal["WHATSAPP"]
    proxy: Omittable[Proxy] = None

    def login(self) -> LoginAttempt:
        return LoginAttempt("WHATSAPP", "qrcode", {}, "provider")


class WhatsappWithPairing(Whatsapp):
    """Postpress: a phone number asks for a pairing code instead of a QR code."""

    pairing_phone_number: Omittable[Annotated[str, Field(pattern=PAIRING_PHONE)]] = None

    def login(self) -> LoginAttempt:
        if self.pairing_phone_number is None:
            return super().login()
        phone = normalize_phone(self.pairing_phone_number)
        return LoginAttempt("WHATSAPP", "pairing", {"phone_number": phone}, "pairing_phone_number")


class Telegram(_Messaging):
    provider: Literal["TELEGRAM"]
    password: Omittable[NonEmpty] = None

    def login(self) -> LoginAttempt:
        return LoginAttempt("TELEGRAM", "qrcode", {}, "provider", telegram_password=self.password)


class InstagramCredentials(_Messaging):
    provider: Literal["INSTAGRAM"]
    username: NonEmpty
    password: NonEmpty
    user_agent: Omittable[NonEmpty] = None
    proxy: Omittable[Proxy] = None

    def login(self) -> LoginAttempt:
        secrets = {"username": self.username, "password": self.password}
        return LoginAttempt("INSTAGRAM", "credentials", secrets, "username")


class InstagramCookie(_Messaging):
    """Postpress: the `sessionid` cookie of a logged-in browser."""

    provider: Literal["INSTAGRAM"]
    sessionid: NonEmpty
    user_agent: Omittable[NonEmpty] = None
    proxy: Omittable[Proxy] = None

    def login(self) -> LoginAttempt:
        return LoginAttempt("INSTAGRAM", "cookie", {"sessionid": self.sessionid}, "sessionid")


class MessengerCredentials(_Messaging):
    provider: Literal["MESSENGER"]
    username: NonEmpty
    password: NonEmpty
    user_agent: Omittable[NonEmpty] = None
    proxy: Omittable[Proxy] = None

    def login(self) -> LoginAttempt:
        secrets = {"username": self.username, "password": self.password}
        return LoginAttempt("MESSENGER", "credentials", secrets, "username")


class SessionCookie(RequestBody):
    name: NonEmpty
    value: NonEmpty
    domain: Omittable[str] = None
    path: Omittable[str] = None
    secure: Omittable[bool] = None
    httpOnly: Omittable[bool] = None
    expirationDate: Omittable[float] = None
    sameSite: Omittable[Literal["unspecified", "no_restriction", "lax", "strict"]] = None


class MessengerSession(_Messaging):
    """Postpress: the cookies (and headers) of a logged-in Messenger/Facebook session."""

    provider: Literal["MESSENGER"]
    cookies: list[SessionCookie]
    headers: Omittable[dict[str, str]] = None
    user_name: Omittable[NonEmpty] = None
    user_agent: Omittable[NonEmpty] = None
    proxy: Omittable[Proxy] = None

    @model_validator(mode="after")
    def has_the_session_cookies(self) -> MessengerSession:
        names = {cookie.name for cookie in self.cookies}
        missing = [name for name in REQUIRED_SESSION_COOKIES if name not in names]
        if missing:
            raise ValueError(
                f"cookies: include at least xs, c_user and datr (missing {', '.join(missing)})"
            )
        return self

    def login(self) -> LoginAttempt:
        c_user = next(cookie.value for cookie in self.cookies if cookie.name == "c_user")
        return LoginAttempt("MESSENGER", "cookie", {"c_user": c_user}, "cookies")


class Mail(_Mailing):
    provider: Literal["MAIL"]
    imap_user: NonEmpty
    smtp_user: NonEmpty
    imap_password: NonEmpty
    smtp_password: NonEmpty
    imap_host: NonEmpty
    imap_port: Port
    smtp_host: NonEmpty
    smtp_port: Port
    imap_encryption: Literal["tls", "ssl", "starttls", "default"]

    def login(self) -> LoginAttempt:
        secrets = {"username": self.imap_user, "password": self.imap_password}
        return LoginAttempt("MAIL", "credentials", secrets, "imap_user")


class MailReconnect(_Mailing):
    """Unipile's SDK reconnects a mailbox with its passwords only; the rest may follow."""

    provider: Literal["MAIL"]
    imap_password: NonEmpty
    smtp_password: NonEmpty
    imap_user: Omittable[NonEmpty] = None
    smtp_user: Omittable[NonEmpty] = None
    imap_host: Omittable[NonEmpty] = None
    imap_port: Omittable[Port] = None
    smtp_host: Omittable[NonEmpty] = None
    smtp_port: Omittable[Port] = None
    imap_encryption: Omittable[Literal["tls", "ssl", "starttls", "default"]] = None

    def login(self) -> LoginAttempt:
        secrets = {"password": self.imap_password}
        if self.imap_user is not None:
            secrets["username"] = self.imap_user
        return LoginAttempt("MAIL", "credentials", secrets, "imap_password")


class GoogleOauth(_Mailing):
    provider: Literal["GOOGLE_OAUTH"]
    refresh_token: NonEmpty
    access_token: NonEmpty

    def login(self) -> LoginAttempt:
        return LoginAttempt(
            "GOOGLE_OAUTH", "oauth", {"refresh_token": self.refresh_token}, "refresh_token"
        )


class Outlook(_Mailing):
    provider: Literal["OUTLOOK"]
    refresh_token: NonEmpty
    access_token: NonEmpty
    username: NonEmpty
    id: NonEmpty

    def login(self) -> LoginAttempt:
        return LoginAttempt(
            "OUTLOOK", "oauth", {"refresh_token": self.refresh_token}, "refresh_token"
        )


class Twitter(_Common):
    provider: Literal["TWITTER"]
    username: NonEmpty
    email: NonEmpty
    password: NonEmpty

    def login(self) -> LoginAttempt:
        secrets = {"username": self.username, "password": self.password}
        return LoginAttempt("TWITTER", "credentials", secrets, "username")


# A second way into a provider is tagged by the field only it has.
_SECOND_WAYS = {
    "LINKEDIN": ("access_token", "LINKEDIN_COOKIE"),
    "INSTAGRAM": ("sessionid", "INSTAGRAM_COOKIE"),
    "MESSENGER": ("cookies", "MESSENGER_SESSION"),
}


@dataclass(frozen=True)
class BodyVariants:
    """The connect/reconnect bodies one route accepts: a union discriminated by `provider`,
    and for a provider with a second way in on this route, by the field that marks it."""

    variants: dict[str, type[_Common]]
    body: BodyUnion[_Common] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ways: dict[str, list[str]] = {}
        for tag, model in self.variants.items():
            provider = get_args(model.model_fields["provider"].annotation)[0]
            ways.setdefault(provider, []).append(tag)
        members = [self._provider_member(provider, tags) for provider, tags in ways.items()]
        union = Annotated[Union[tuple(members)], Field(discriminator="provider")]  # type: ignore[valid-type]  # noqa: UP007
        object.__setattr__(self, "body", BodyUnion(union, tags=set(self.variants) | set(ways)))

    def _provider_member(self, provider: str, tags: list[str]) -> Any:
        if len(tags) == 1:
            return self.variants[tags[0]]
        marker, second = _SECOND_WAYS[provider]

        def way_in(data: Any) -> str:
            return second if isinstance(data, dict) and marker in data else provider

        members = tuple(Annotated[self.variants[tag], Tag(tag)] for tag in tags)
        return Annotated[Union[members], Discriminator(way_in)]  # type: ignore[valid-type]  # noqa: UP007

    def validate(self, fields: dict[str, Any]) -> _Common:
        """Fields gathered elsewhere (the hosted wizard's form), read as this body would be."""
        return validate_fields(self.body, fields)


_COMMON_VARIANTS: dict[str, type[_Common]] = {
    "LINKEDIN": LinkedinCredentials,
    "LINKEDIN_COOKIE": LinkedinCookie,
    "WHATSAPP": Whatsapp,
    "TELEGRAM": Telegram,
    "INSTAGRAM": InstagramCredentials,
    "MESSENGER": MessengerCredentials,
    "MAIL": Mail,
    "GOOGLE_OAUTH": GoogleOauth,
    "OUTLOOK": Outlook,
    "TWITTER": Twitter,
}
UNIPILE_CONNECT = BodyVariants(_COMMON_VARIANTS)
UNIPILE_RECONNECT = BodyVariants(_COMMON_VARIANTS | {"MAIL": MailReconnect})
POSTPRESS = BodyVariants(
    _COMMON_VARIANTS
    | {
        "WHATSAPP": WhatsappWithPairing,
        "INSTAGRAM_COOKIE": InstagramCookie,
        "MESSENGER_SESSION": MessengerSession,
    }
)


class CheckpointSolution(RequestBody):
    account_id: NonEmpty
    code: NonEmpty
    provider: Literal[CODE_CHECKPOINT_PROVIDERS]  # type: ignore[valid-type]


class CheckpointResend(RequestBody):
    account_id: NonEmpty
    provider: Literal[RESEND_PROVIDERS]  # type: ignore[valid-type]


async def read_login(
    request: Request, variants: BodyVariants, path_account_id: str | None = None
) -> LoginAttempt:
    """The login a body asks for. With `path_account_id` (a reconnect), the body may
    repeat that id as `account_id`."""
    context = {"path_account_id": path_account_id} if path_account_id is not None else None
    return (await read_json(request, variants.body, context)).login()
