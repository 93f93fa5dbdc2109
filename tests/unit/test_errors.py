import pytest

from simulator.world.errors import CATALOG, ApiError, types_for_status


def test_every_entry_renders_an_errors_prefixed_snake_case_type():
    for entry in CATALOG.values():
        assert entry.type.startswith("errors/")
        assert entry.type[len("errors/") :].replace("_", "").isalnum()
        assert 400 <= entry.status <= 599 and entry.title


def test_request_timeout_exists_as_408_and_504():
    assert "errors/request_timeout" in types_for_status(408)
    assert "errors/request_timeout" in types_for_status(504)


def test_catalog_covers_the_reconnect_error_list_of_seed_003():
    expected = {
        400: {"invalid_parameters", "missing_parameters", "invalid_request", "malformed_request",
              "content_too_large", "too_many_characters", "unescaped_characters", "limit_too_high"},
        403: {"account_restricted", "account_mismatch", "insufficient_permissions",
              "session_mismatch", "feature_not_subscribed", "subscription_required",
              "unknown_authentication_context", "action_required", "resource_access_restricted"},
        409: {"operation_canceled", "already_exists"},
        503: {"no_client_session", "no_channel", "no_handler", "network_down",
              "service_unavailable"},
    }
    for status, names in expected.items():
        assert {f"errors/{name}" for name in names} <= set(types_for_status(status))


def test_unknown_types_cannot_be_raised():
    with pytest.raises(KeyError):
        ApiError("made_up_error")


def test_error_carries_status_from_the_catalog():
    error = ApiError("cannot_resend_yet", "weekly cap")
    assert (error.status, error.error.title, error.detail) == (422, "Cannot resend yet", "weekly cap")
