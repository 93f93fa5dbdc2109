"""The wizard's login forms: for each provider, its ways in and their fields (reference §2.3).

A form's fields are named after the body fields of `POST /api/v1/accounts`, so a submitted form
becomes that body and goes through the API's own body models (`connect_bodies`): the wizard
accepts exactly the logins the API accepts, and refuses the rest with the same errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from simulator.world.auth import LoginAttempt
from simulator.world.hosted import ACCOUNT_TYPE_OF, HostedSession

PROVIDER_LABELS = {
    "LINKEDIN": "LinkedIn",
    "WHATSAPP": "WhatsApp",
    "INSTAGRAM": "Instagram",
    "MESSENGER": "Messenger",
    "TELEGRAM": "Telegram",
    "GOOGLE": "Google",
    "OUTLOOK": "Outlook",
    "TWITTER": "X (Twitter)",
    "MAIL": "Email (IMAP)",
}


@dataclass(frozen=True, slots=True)
class FormField:
    name: str  # the body field of POST /accounts it fills
    label: str
    kind: str = "text"  # the <input> type, or "select"
    value: str = ""  # prefilled
    required: bool = True
    choices: tuple[str, ...] = ()
    hint: str | None = None
    fallback: str | None = None  # left empty, it takes this other field's value


@dataclass(frozen=True, slots=True)
class LoginMethod:
    key: str  # posted as `method`
    title: str
    fields: tuple[FormField, ...]
    submit: str = "Connect"
    option: str | None = None  # the `disabled_options` entry of the link that hides it
    intro: str | None = None


_USERNAME_PASSWORD = (
    FormField("username", "Email or phone", hint="e.g. ok@sim.test or 2fa@sim.test"),
    FormField("password", "Password", kind="password", hint="test identities use: secret"),
)
_SIMULATED_OAUTH = (
    "Simulated sign-in: paste the refresh token the provider would hand back to Unipile."
)

LOGIN_METHODS: Mapping[str, tuple[LoginMethod, ...]] = {
    "LINKEDIN": (
        LoginMethod(
            "credentials", "Email and password", _USERNAME_PASSWORD, option="credentials_auth"
        ),
        LoginMethod(
            "cookie",
            "Cookie",
            (
                FormField("access_token", "li_at cookie", hint="e.g. li-at-ok"),
                FormField(
                    "premium_token", "li_a cookie (Sales Navigator, Recruiter)", required=False
                ),
            ),
            option="cookie_auth",
        ),
    ),
    "WHATSAPP": (
        LoginMethod(
            "qrcode",
            "QR code",
            (),
            submit="Show the QR code",
            intro="Link a device: WhatsApp shows a QR code for your phone to scan.",
        ),
    ),
    "TELEGRAM": (
        LoginMethod(
            "qrcode",
            "QR code",
            (
                FormField(
                    "password",
                    "Two-step verification password",
                    kind="password",
                    required=False,
                    hint="only if your Telegram account has one",
                ),
            ),
            submit="Show the QR code",
        ),
    ),
    "INSTAGRAM": (LoginMethod("credentials", "Username and password", _USERNAME_PASSWORD),),
    "MESSENGER": (LoginMethod("credentials", "Email and password", _USERNAME_PASSWORD),),
    "TWITTER": (
        LoginMethod(
            "credentials",
            "Username and password",
            (
                FormField("username", "Username", hint="e.g. sim_ok or sim_2fa"),
                FormField("email", "Email", kind="email"),
                FormField(
                    "password", "Password", kind="password", hint="test identities use: secret"
                ),
            ),
        ),
    ),
    "MAIL": (
        LoginMethod(
            "credentials",
            "IMAP and SMTP",
            (
                FormField("imap_user", "IMAP user", hint="e.g. ok@sim.test"),
                FormField("imap_password", "IMAP password", kind="password"),
                FormField("imap_host", "IMAP host", value="imap.sim.test"),
                FormField("imap_port", "IMAP port", kind="number", value="993"),
                FormField(
                    "imap_encryption",
                    "IMAP encryption",
                    kind="select",
                    value="tls",
                    choices=("tls", "ssl", "starttls", "default"),
                ),
                FormField(
                    "smtp_user",
                    "SMTP user",
                    required=False,
                    fallback="imap_user",
                    hint="empty: the IMAP user",
                ),
                FormField(
                    "smtp_password",
                    "SMTP password",
                    kind="password",
                    required=False,
                    fallback="imap_password",
                    hint="empty: the IMAP password",
                ),
                FormField("smtp_host", "SMTP host", value="smtp.sim.test"),
                FormField("smtp_port", "SMTP port", kind="number", value="587"),
            ),
        ),
    ),
    "GOOGLE": (
        LoginMethod(
            "oauth",
            "Sign in with Google",
            (
                FormField("refresh_token", "Refresh token", hint="e.g. google-refresh-ok"),
                FormField("access_token", "", kind="hidden", value="sim-google-access-token"),
            ),
            intro=_SIMULATED_OAUTH,
        ),
    ),
    "OUTLOOK": (
        LoginMethod(
            "oauth",
            "Sign in with Microsoft",
            (
                FormField("refresh_token", "Refresh token", hint="e.g. outlook-refresh-ok"),
                FormField("access_token", "", kind="hidden", value="sim-outlook-access-token"),
                FormField("username", "", kind="hidden", value="outlook-user"),
                FormField("id", "", kind="hidden", value="outlook-user-id"),
            ),
            intro=_SIMULATED_OAUTH,
        ),
    ),
}


def methods_offered(session: HostedSession, provider: str) -> tuple[LoginMethod, ...]:
    """The ways into `provider` the link leaves open (`disabled_options`)."""
    disabled = set(session.link.disabled_options)
    return tuple(m for m in LOGIN_METHODS[provider] if m.option not in disabled)


def chosen_method(session: HostedSession, provider: str, key: str | None) -> LoginMethod | None:
    """The method `key` names, else the first one offered (None: the link leaves none)."""
    offered = methods_offered(session, provider)
    return next((m for m in offered if m.key == key), offered[0] if offered else None)


def offered_method(session: HostedSession, provider: str, key: str | None) -> LoginMethod | None:
    """The method `key` names if the link offers it (a posted form gets no fallback)."""
    return next((m for m in methods_offered(session, provider) if m.key == key), None)


def login_attempt(
    session: HostedSession, provider: str, method: LoginMethod, form: Mapping[str, str]
) -> LoginAttempt:
    """The submitted form as the API body it stands for, read by the API's body models."""
    body: dict[str, object] = {"provider": ACCOUNT_TYPE_OF[provider]}
    for field in method.fields:
        value = form.get(field.name, "")
        if field.kind not in ("password", "hidden"):
            value = value.strip()
        if not value and field.fallback is not None:
            value = form.get(field.fallback, "").strip()
        if not value:
            continue  # absent, as the API body would have it: the model names what is required
        body[field.name] = int(value) if field.kind == "number" and _ascii_digits(value) else value
    # The API's body models load with the first login posted, not with the server.
    from simulator.api.unipile.connect_bodies import UNIPILE_CONNECT, UNIPILE_RECONNECT

    variants = UNIPILE_RECONNECT if session.type == "reconnect" else UNIPILE_CONNECT
    return variants.validate(body).login()


def _ascii_digits(value: str) -> bool:
    """`str.isdigit` also takes `५` and `²`: a number field holds ASCII digits only."""
    return value.isascii() and value.isdigit()
