import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app

DEFAULT_KEY = "sim_default_key_0001"


@pytest.fixture
def client():
    """The app in-process, serving `default` under its scenario key, in strict mode: a response
    that drifts from contracts/ is a 500 naming the drift."""
    with TestClient(build_app(Settings(strict=True))) as test_client:
        test_client.headers["X-API-KEY"] = DEFAULT_KEY
        yield test_client


def assert_envelope(response, status, error_type, detail_mentions=None):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert body["type"] == error_type
    assert isinstance(body["title"], str) and body["title"]
    if detail_mentions is not None:
        assert detail_mentions in body["detail"], body
    return body
