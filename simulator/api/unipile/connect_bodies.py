"""Connect, reconnect and checkpoint bodies (§2.3, seed 003), shared by both dialects.

One strict model per provider variant. `provider` picks the variant, and where a provider has
two ways in, the credential field present picks between them (`access_token` -> LinkedIn cookie,
`sessionid` -> Instagram cookie, `cookies` -> Messenger session). Models are strict (JSON types
are not coerced: `"993"` is not a port) and refuse unknown fields and nulls, so the server accepts
exactly what the contracts describe. Each variant reduces itself to a `LoginAttempt`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import Discriminator, Field, Tag, TypeAdapter, ValidationError, model_validator
from starlette.requests import Request

from simulator.api.bodies import StrictBody, read_object
from simulator.api.params import first_problem
from simulator.world.auth import (
    CODE_CHECKPOINT_PROVIDERS,
    RESEND_PROVIDERS,
    LoginAttempt,
    normalize_phone,
)
from simulator.world.errors import ApiError, invalid_parameter

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


class Proxy(StrictBody):
    protocol: Literal["https", "http", "socks5"] | None = None
    host: NonEmpty
    port: Port
    username: str | None = None
    password: str | None = None


class MessagingSyncLimit(StrictBody):
    chats: SyncPoint | None = None
    messages: SyncPoint | None = None


class _Common(StrictBody):
    country: Annotated[str, Field(pattern=COUNTRY)] | None = None
    ip: Annotated[str, Field(pattern=IPV4)] | None = None
    disabled_features: list[DisabledFeature] | None = None

    def login(self) -> LoginAttempt:
        raise NotImplementedError


class _Messaging(_Common):
    sync_limit: MessagingSyncLimit | None = None


class _Mailing(_Common):
    sync_limit: Literal["NO_HISTORY_SYNC"] | None = None


class LinkedinCredentials(_Messaging):
    provider: Literal["LINKEDIN"]
    username: NonEmpty
    password: NonEmpty
    user_agent: NonEmpty | None = None
    recruiter_contract_id: NonEmpty | None = None
    proxy: Proxy | None = None

    def login(self) -> LoginAttempt:
        secrets = {"username": self.username, "password": self.password}
        return LoginAttempt("LINKEDIN", "credentials", secrets, "username")


class LinkedinCookie(_Messaging):
    provider: Literal["LINKEDIN"]
    access_token: NonEmpty
    premium_token: NonEmpty | None = None
    user_agent: NonEmpty | None = None
    recruiter_contract_id: NonEmpty | None = None
    proxy: Proxy | None = None

    def login(self) -> LoginAttempt:
        return LoginAttempt(
            "LINKEDIN", "cookie", {"access_token": self.access_token}, "access_token"
        )


class Whatsapp(_Common):
    provider: Literal["WHATSAPP"]
    proxy: Proxy | None = None

    def login(self) -> LoginAttempt:
        return LoginAttempt("WHATSAPP", "qrcode", {}, "provider")


class WhatsappWithPairing(Whatsapp):
    """Postpress: a phone number asks for a pairing code instead of a QR code."""

    pairing_phone_number: Annotated[str, Field(pattern=PAIRING_PHONE)] | None = None

    def login(self) -> LoginAttempt:
        if self.pairing_phone_number is None:
            return super().login()
        phone = normalize_phone(self.pairing_phone_number)
        return LoginAttempt("WHATSAPP", "pairing", {"phone_number": phone}, "pairing_phone_number")


class Telegram(_Messaging):
    provider: Literal["TELEGRAM"]
    password: NonEmpty | None = None

    def login(self) -> LoginAttempt:
        return LoginAttempt("TELEGRAM", "qrcode", {}, "provider", telegram_password=self.password)


class InstagramCredentials(_Messaging):
    provider: Literal["INSTAGRAM"]
    username: NonEmpty
    password: NonEmpty
    user_agent: NonEmpty | None = None
    proxy: Proxy | None = None

    def login(self) -> LoginAttempt:
        secrets = {"username": self.username, "password": self.password}
        return LoginAttempt("INSTAGRAM", "credentials", secrets, "username")


class InstagramCookie(_Messaging):
    """Postpress: the `sessionid` cookie of a logged-in browser."""

    provider: Literal["INSTAGRAM"]
    sessionid: NonEmpty
    user_agent: NonEmpty | None = None
    proxy: Proxy | None = None

    def login(self) -> LoginAttempt:
        return LoginAttempt("INSTAGRAM", "cookie", {"sessionid": self.sessionid}, "sessionid")


class MessengerCredentials(_Messaging):
    provider: Literal["MESSENGER"]
    username: NonEmpty
    password: NonEmpty
    user_agent: NonEmpty | None = None
    proxy: Proxy | None = None

    def login(self) -> LoginAttempt:
        secrets = {"username": self.username, "password": self.password}
        return LoginAttempt("MESSENGER", "credentials", secrets, "username")


class SessionCookie(StrictBody):
    name: NonEmpty
    value: NonEmpty
    domain: str | None = None
    path: str | None = None
    secure: bool | None = None
    httpOnly: bool | None = None
    expirationDate: float | None = None
    sameSite: Literal["unspecified", "no_restriction", "lax", "strict"] | None = None


class MessengerSession(_Messaging):
    """Postpress: the cookies (and headers) of a logged-in Messenger/Facebook session."""

    provider: Literal["MESSENGER"]
    cookies: list[SessionCookie]
    headers: dict[str, str] | None = None
    user_name: NonEmpty | None = None
    user_agent: NonEmpty | None = None
    proxy: Proxy | None = None

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
    imap_user: NonEmpty | None = None
    smtp_user: NonEmpty | None = None
    imap_host: NonEmpty | None = None
    imap_port: Port | None = None
    smtp_host: NonEmpty | None = None
    smtp_port: Port | None = None
    imap_encryption: Literal["tls", "ssl", "starttls", "default"] | None = None

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
    """The connect/reconnect bodies one route accepts, as a tagged union."""

    variants: dict[str, type[_Common]]

    def __post_init__(self) -> None:
        members = tuple(Annotated[model, Tag(tag)] for tag, model in self.variants.items())
        union = Annotated[Union[members], Discriminator(self.tag)]  # type: ignore[valid-type]  # noqa: UP007
        object.__setattr__(self, "adapter", TypeAdapter(union))

    def tag(self, data: Any) -> str | None:
        """The variant of `data`: its provider, or the provider's second way in when the
        field that marks it is present and this route serves it."""
        if not isinstance(data, dict) or not isinstance(data.get("provider"), str):
            return None
        provider = data["provider"]
        second = _SECOND_WAYS.get(provider)
        if second is not None and second[0] in data and second[1] in self.variants:
            return second[1]
        return provider

    @property
    def providers(self) -> list[str]:
        literals = (
            get_args(model.model_fields["provider"].annotation)[0]
            for model in self.variants.values()
        )
        return list(dict.fromkeys(literals))

    def validate(self, data: dict[str, Any]) -> _Common:
        provider = data.get("provider")
        if provider is None:
            raise ApiError("missing_parameters", "provider: required")
        if provider not in self.providers:
            raise invalid_parameter("provider", f"must be one of {', '.join(self.providers)}")
        try:
            return self.adapter.validate_python(data)  # type: ignore[attr-defined,no-any-return]
        except ValidationError as error:
            raise first_problem(error, skip=set(self.variants)) from None


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


class CheckpointSolution(StrictBody):
    account_id: NonEmpty
    code: NonEmpty
    provider: Literal[CODE_CHECKPOINT_PROVIDERS]  # type: ignore[valid-type]


class CheckpointResend(StrictBody):
    account_id: NonEmpty
    provider: Literal[RESEND_PROVIDERS]  # type: ignore[valid-type]


async def read_login(
    request: Request, variants: BodyVariants, account_id: str | None = None
) -> LoginAttempt:
    """The login a body asks for. With `account_id` (Unipile's reconnect), the body may repeat
    that id as `account_id`, as the official SDK's `account.reconnect*` methods send it."""
    data = await read_object(request)
    if account_id is not None and "account_id" in data:
        if data["account_id"] != account_id:
            raise invalid_parameter("account_id", "must be the account id of the path")
        data = {field: value for field, value in data.items() if field != "account_id"}
    return variants.validate(data).login()
