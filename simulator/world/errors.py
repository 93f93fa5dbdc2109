"""The whole v1 error catalog (reference §8, seed 003): each documented type defined once.

The world raises `ApiError("cannot_resend_yet", detail=...)`; the HTTP layer renders the
envelope `{title, type, status, detail?, instance?}` from the catalog entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorType:
    status: int
    name: str
    title: str

    @property
    def type(self) -> str:
        return f"errors/{self.name}"


# (status, name, title): titles follow the documentation headings and seed 003's wording.
_ENTRIES: tuple[tuple[int, str, str], ...] = (
    (400, "invalid_parameters", "Invalid parameters"),
    (400, "missing_parameters", "Missing parameters"),
    (400, "invalid_request", "Invalid request"),
    (400, "malformed_request", "Malformed request"),
    (400, "content_too_large", "Content too large"),
    (400, "invalid_url", "Invalid URL"),
    (400, "too_many_characters", "Too many characters"),
    (400, "unescaped_characters", "Unescaped characters"),
    (400, "limit_too_high", "Limit too high"),
    (400, "invalid_action", "Invalid action"),
    (400, "invalid_label", "Invalid label"),
    (401, "missing_credentials", "Missing credentials"),
    (401, "multiple_sessions", "Multiple sessions"),
    (401, "wrong_account", "Wrong account"),
    (401, "invalid_credentials", "Invalid credentials"),
    (401, "invalid_proxy_credentials", "Invalid proxy credentials"),
    (401, "invalid_imap_configuration", "Invalid IMAP configuration"),
    (401, "invalid_smtp_configuration", "Invalid SMTP configuration"),
    (401, "invalid_checkpoint_solution", "Invalid checkpoint solution"),
    (401, "checkpoint_error", "Checkpoint error"),
    (401, "expired_credentials", "Expired credentials"),
    (401, "expired_link", "Expired link"),
    (401, "insufficient_privileges", "Insufficient privileges"),
    (401, "disconnected_account", "Disconnected account"),
    (401, "disconnected_feature", "Disconnected feature"),
    (401, "invalid_credentials_but_valid_account_imap", "Invalid credentials but valid account"),
    (401, "captcha_not_supported", "Captcha not supported"),
    (403, "insufficient_permissions", "Insufficient permissions"),
    (403, "account_restricted", "Account restricted"),
    (403, "account_mismatch", "Account mismatch"),
    (403, "unknown_authentication_context", "Unknown authentication context"),
    (403, "session_mismatch", "Session mismatch"),
    (403, "feature_not_subscribed", "Feature not subscribed"),
    (403, "subscription_required", "Subscription required"),
    (403, "resource_access_restricted", "Resource access restricted"),
    (403, "action_required", "Action required"),
    (404, "resource_not_found", "Resource not found"),
    (404, "invalid_resource_identifier", "Invalid resource identifier"),
    (405, "method_not_allowed", "Method not allowed"),
    (407, "proxy_auth_error", "Proxy authentication error"),
    (408, "request_timeout", "Request timeout"),
    (409, "operation_canceled", "Operation canceled"),
    (409, "already_exists", "Already exists"),
    (415, "unsupported_media_type", "Unsupported media type"),
    (422, "invalid_account", "Invalid account"),
    (422, "invalid_recipient", "Recipient cannot be reached"),
    (422, "no_connection_with_recipient", "No connection with recipient"),
    (422, "blocked_recipient", "Blocked recipient"),
    (422, "user_unreachable", "User unreachable"),
    (422, "unprocessable_entity", "Unprocessable entity"),
    (422, "action_already_performed", "Action already performed"),
    (422, "invalid_message", "Message couldn't pass validation"),
    (422, "invalid_post", "Invalid post"),
    (422, "not_allowed_inmail", "InMail not allowed"),
    (422, "insufficient_credits", "Insufficient credits"),
    (422, "cannot_resend_yet", "Cannot resend yet"),
    (422, "cannot_resend_within_24hrs", "Cannot resend within 24 hours"),
    (422, "limit_exceeded", "Limit exceeded"),
    (422, "already_invited_recently", "Already invited recently"),
    (422, "cannot_invite_attendee", "Cannot invite attendee"),
    (422, "parent_mail_not_found", "Parent mail not found"),
    (422, "invalid_reply_subject", "Invalid reply subject"),
    (422, "invalid_headers", "Invalid headers"),
    (422, "send_as_denied", "Send as denied"),
    (422, "invalid_folder", "Invalid folder"),
    (422, "invalid_thread", "Invalid thread"),
    (422, "unauthorized", "Unauthorized"),
    (422, "sender_rejected", "Sender rejected"),
    (422, "recipient_rejected", "Recipient rejected"),
    (422, "ip_rejected_by_server", "IP rejected by server"),
    (422, "provider_unreachable", "Provider unreachable"),
    (422, "account_configuration_error", "Account configuration error"),
    (422, "cant_send_message", "Can't send message"),
    (422, "realtime_client_not_initialized", "Realtime client not initialized"),
    (422, "already_connected", "Already connected"),
    (422, "connection_limit_reached", "Connection limit reached"),
    (413, "request_too_large", "Content too large"),
    (425, "auth_in_progress", "Authentication in progress"),
    (429, "too_many_requests", "Too many requests"),
    (500, "unexpected_error", "Unexpected error"),
    (500, "provider_error", "Provider error"),
    (500, "authentication_intent_error", "Authentication intent error"),
    (501, "feature_not_implemented", "Feature not implemented"),
    (502, "proxy_error", "Proxy error"),
    (503, "no_client_session", "No client session"),
    (503, "no_channel", "No channel"),
    (503, "no_handler", "No handler"),
    (503, "network_down", "Network down"),
    (503, "service_unavailable", "Service unavailable"),
    (504, "gateway_timeout", "Request timeout"),
)

# `request_timeout` is both a 408 (connect/reconnect) and a 504 (gateway). The catalog keys the
# 504 flavour as `gateway_timeout` internally and renders it with the documented type; likewise
# `content_too_large` is a 400 (a file over its cap) and the 413 of a request body over the
# server's limit (api/body_guard.py).
_RENDERED_TYPE_OVERRIDES = {
    "gateway_timeout": "request_timeout",
    "request_too_large": "content_too_large",
}

CATALOG: dict[str, ErrorType] = {
    name: ErrorType(status, _RENDERED_TYPE_OVERRIDES.get(name, name), title)
    for status, name, title in _ENTRIES
}


def types_for_status(status: int) -> list[str]:
    """Every documented `errors/...` type rendered with `status` (for contracts and chaos mode)."""
    return sorted({entry.type for entry in CATALOG.values() if entry.status == status})


def catalog_name(error_type: str, status: int | None = None) -> str:
    """The catalog key of a documented type (`errors/x` or `x`), checked against `status`."""
    wanted = error_type.removeprefix("errors/")
    for name, entry in CATALOG.items():
        if entry.type == f"errors/{wanted}" and (status is None or entry.status == status):
            return name
    statuses = sorted({e.status for e in CATALOG.values() if e.type == f"errors/{wanted}"})
    if statuses:
        raise KeyError(f"errors/{wanted} is documented with status {', '.join(map(str, statuses))}")
    raise KeyError(f"errors/{wanted} is not a documented error type")


class ApiError(Exception):
    """A documented error: raised anywhere in the world, rendered once by the HTTP layer."""

    def __init__(self, name: str, detail: str | None = None) -> None:
        if name not in CATALOG:
            raise KeyError(f"unknown error type {name!r}: add it to the catalog first")
        self.error = CATALOG[name]
        self.detail = detail
        super().__init__(f"{self.error.type}: {detail or self.error.title}")

    @property
    def status(self) -> int:
        return self.error.status


def invalid_parameter(field: str, reason: str) -> ApiError:
    return ApiError("invalid_parameters", f"{field}: {reason}")


def not_found(what: str) -> ApiError:
    return ApiError("resource_not_found", f"{what} not found")
