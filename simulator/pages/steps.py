"""Which wizard page a hosted-auth session is at, and what that page says.

The session's state decides the page, so a reload always shows where the user is:

- unknown id: not_found.html (404, rendered by the routes);
- expired (`expiresOn` passed on the world's clock): expired.html, 410 Gone;
- completed: success.html, or a redirect to `success_redirect_url` with `bypass_success_screen`;
- failed (cancelled, or the provider refused the account): failure.html;
- pending, a login waiting on a checkpoint: checkpoint.html;
- pending, one provider (a reconnect link, a one-provider link) or `?provider=` chosen:
  login.html;
- pending, several providers: choose.html.

Messages come from the query string of the redirect that follows a failed POST (`error`, the
catalog name of the error, and `field`): only catalog names and the form's field names are
shown, never text from the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.pages.forms import (
    PROVIDER_LABELS,
    FormField,
    LoginMethod,
    chosen_method,
    methods_offered,
)
from simulator.world.accounts import Account
from simulator.world.auth import (
    ALTERNATIVE_CHECKPOINT,
    CAPTCHA_SOLUTION,
    CONNECT_ERRORS,
    OTP_CODE,
    RESEND_PROVIDERS,
    RESENDABLE_CHECKPOINTS,
    TWO_FACTOR_CODE,
    Checkpoint,
)
from simulator.world.errors import CATALOG, ApiError
from simulator.world.hosted import HOSTED_PROVIDER_OF, HostedSession
from simulator.world.world import World


@dataclass(frozen=True, slots=True)
class Page:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@dataclass(frozen=True, slots=True)
class Redirect:
    url: str


# What the wizard says for the errors a user meets; any other documented error shows its
# catalog title and the connect-error description (world.auth.CONNECT_ERRORS).
_MESSAGES = {
    "invalid_credentials": "Invalid credentials: check them and try again.",
    "invalid_checkpoint_solution": "Wrong code: check it and try again.",
    "missing_parameters": "Fill in {field}.",
    "invalid_parameters": "{field} is not valid.",
    "request_timeout": "The login timed out: please start again.",
    "auth_in_progress": (
        "A login with these credentials is already in progress: finish it, or try again in "
        "five minutes."
    ),
    "already_exists": "This account is already connected.",
    "account_mismatch": "These credentials belong to another account than the one to reconnect.",
    "feature_not_implemented": "This step has no code to send again.",
}
_WITHOUT_FIELD = {
    "missing_parameters": "Fill in every field.",
    "invalid_parameters": "Check what you typed.",
}
# Fields a page posts that are not typed by the user.
_PAGE_FIELDS = {"provider": "the service", "method": "the way to log in", "action": "the action"}
_NOTICES = {"code_sent": "A new code was sent."}

# Wording of each checkpoint (reference §2.4); the simulator hint tells the documented answer.
_CHECKPOINTS: Mapping[str, dict[str, str]] = {
    "2FA": {
        "title": "Two-step verification",
        "text": "Enter the verification code {provider} sent you{source}.",
        "label": "Verification code",
        "hint": f"Simulator: the code is {TWO_FACTOR_CODE}.",
    },
    "OTP": {
        "title": "One-time password",
        "text": "Enter the one-time code {provider} sent to your email.",
        "label": "One-time code",
        "hint": f"Simulator: the code is {OTP_CODE}.",
    },
    "CAPTCHA": {
        "title": "Security check",
        "text": "{provider} wants to make sure you are a person.",
        "label": "Solution",
        "hint": f"Simulator: the solution is {CAPTCHA_SOLUTION}.",
    },
    "PHONE_REGISTER": {
        "title": "Add a phone number",
        "text": "{provider} asks for a phone number to secure the account.",
        "label": "Phone number",
        "hint": "Shaped like (+33)0612345678.",
    },
    "CONTRACT_CHOOSER": {
        "title": "Choose a contract",
        "text": "Your {provider} account has several Recruiter contracts: pick the one to use.",
        "label": "Contract",
    },
    "IN_APP_VALIDATION": {
        "title": "Approve the sign-in",
        "text": "Open the {provider} app on your phone and approve this sign-in.",
    },
    "QRCODE": {
        "title": "Scan the QR code",
        "text": "Open {provider} on your phone, go to Linked devices and scan this code.",
        "label": "Phone number that scans (optional)",
        "hint": "Simulator: the code is shown as text; a test identity's phone picks its outcome.",
    },
    "PAIRING_CODE": {
        "title": "Enter the pairing code",
        "text": "On your phone, choose Link with phone number and enter this code.",
    },
}
_CODE_CHECKPOINTS = ("2FA", "OTP", "CAPTCHA", "PHONE_REGISTER")
_SOURCES = {"SMS": " by text message", "APP": " in the authenticator app"}


def current_step(world: World, session: HostedSession, query: Mapping[str, str]) -> Page | Redirect:
    """The page for the session as it is now, with the message a redirect carried."""
    base = _base_context(world, session)
    if session.state == "expired":
        return Page("expired.html", base, status=410)
    if session.state == "completed":
        link = session.link
        if link.bypass_success_screen and link.success_redirect_url is not None:
            return Redirect(link.success_redirect_url)
        return Page("success.html", base | _success_context(world, session))
    if session.state == "failed":
        return Page("failure.html", base | {"reason": _failure_reason(session.failure)})
    base["notice"] = _NOTICES.get(query.get("notice", ""))
    field_name = query.get("field")
    checkpoint = world.hosted.checkpoint(session.id)
    provider = _provider_shown(session, query.get("provider"))
    if checkpoint is not None:
        label = _checkpoint_field_label(checkpoint) if field_name == "code" else None
        label = label or _PAGE_FIELDS.get(field_name or "")
        base["error"] = error_message(query.get("error"), label)
        return Page("checkpoint.html", base | _checkpoint_context(world, session, checkpoint))
    if provider is None:
        base["error"] = error_message(query.get("error"), _PAGE_FIELDS.get(field_name or ""))
        return Page("choose.html", base)
    method = chosen_method(session, provider, query.get("method"))
    label = _field_label(method, field_name) or _PAGE_FIELDS.get(field_name or "")
    base["error"] = error_message(query.get("error"), label)
    return Page(
        "login.html",
        base
        | {
            "provider": provider,
            "provider_label": PROVIDER_LABELS[provider],
            "methods": methods_offered(session, provider),
            "method": method,
            "can_change_provider": len(session.providers) > 1,
        },
    )


def error_message(name: str | None, field_label: str | None) -> str | None:
    """The sentence for a catalog error name (None for anything else)."""
    if name is None or name not in CATALOG:
        return None
    if field_label is None and name in _WITHOUT_FIELD:
        return _WITHOUT_FIELD[name]
    template = _MESSAGES.get(name)
    if template is None:
        description = CONNECT_ERRORS.get(name)
        title = CATALOG[name].title
        return f"{title}: {description}" if description else f"{title}."
    text = template.format(field=field_label)
    return text[0].upper() + text[1:]


def error_field(error: ApiError) -> str | None:
    """The field an error's detail names (`username: required` -> `username`)."""
    head, colon, _ = (error.detail or "").partition(":")
    return head.strip() if colon and head.strip().isidentifier() else None


def offered_provider(session: HostedSession, name: str | None) -> str | None:
    return name if name in session.providers else None


# -- internals --------------------------------------------------------------------------------


def _provider_shown(session: HostedSession, asked: str | None) -> str | None:
    if len(session.providers) == 1:
        return session.providers[0]
    return offered_provider(session, asked)


def _base_context(world: World, session: HostedSession) -> dict[str, Any]:
    context: dict[str, Any] = {
        "session": session,
        "providers": [(name, PROVIDER_LABELS[name]) for name in session.providers],
        "reconnecting": None,
        "error": None,
        "notice": None,
    }
    if session.type == "reconnect" and session.link.reconnect_account is not None:
        account = _account(world, session.link.reconnect_account)
        context["reconnecting"] = account.name if account is not None else None
    return context


def _success_context(world: World, session: HostedSession) -> dict[str, Any]:
    account = _account(world, session.account_id)
    provider = HOSTED_PROVIDER_OF.get(account.type) if account is not None else None
    return {
        "account_name": account.name if account is not None else None,
        "provider_label": PROVIDER_LABELS.get(provider or "", "your"),
        "continue_url": session.link.success_redirect_url,
    }


def _account(world: World, account_id: str | None) -> Account | None:
    """The account, or None once deleted (a page still renders)."""
    if account_id is None:
        return None
    try:
        return world.accounts.get(account_id)
    except ApiError:
        return None


def _failure_reason(failure: str | None) -> str:
    if failure is None:
        return "The connection was cancelled."
    return error_message(failure, None) or "The connection failed."


def _checkpoint_context(
    world: World, session: HostedSession, checkpoint: Checkpoint
) -> dict[str, Any]:
    assert session.login_account_id is not None
    intent = world.auth.pending_intent(session.login_account_id)
    account_type = intent.attempt.provider if intent is not None else ""
    provider = HOSTED_PROVIDER_OF.get(account_type, account_type)
    wording = _CHECKPOINTS.get(checkpoint.type, {"title": checkpoint.type, "text": ""})
    source = _SOURCES.get(str(checkpoint.details.get("source")), "")
    return {
        "checkpoint": checkpoint,
        "kind": checkpoint.type,
        "title": wording["title"],
        "text": wording["text"].format(provider=PROVIDER_LABELS.get(provider, provider),
                                       source=source),
        "label": wording.get("label"),
        "hint": wording.get("hint"),
        "asks_code": checkpoint.type in _CODE_CHECKPOINTS,
        "can_resend": checkpoint.type in RESENDABLE_CHECKPOINTS
        and account_type in RESEND_PROVIDERS,
        "can_try_another_way": checkpoint.type in ALTERNATIVE_CHECKPOINT,
    }


def _checkpoint_field_label(checkpoint: Checkpoint) -> str | None:
    label = _CHECKPOINTS.get(checkpoint.type, {}).get("label")
    return label.lower() if label else None


def _field_label(method: LoginMethod | None, name: str | None) -> str | None:
    if method is None or name is None:
        return None
    found: FormField | None = next((f for f in method.fields if f.name == name), None)
    return found.label.lower() if found is not None and found.label else None
