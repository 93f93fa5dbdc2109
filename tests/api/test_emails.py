"""The default world's Gmail mailbox over /api/v1/emails and /api/v1/folders (in-process,
strict mode): lists and filters, one email by either id, read state, labels, trash, bytes."""

from tests.api.conftest import assert_envelope


def gmail(client) -> str:
    accounts = client.get("/api/v1/accounts").json()["items"]
    return next(a["id"] for a in accounts if a["type"] == "GOOGLE_OAUTH")


def test_the_mailbox_lists_newest_first_with_a_cursor_and_filters(client):
    account_id = gmail(client)
    first = client.get("/api/v1/emails", params={"account_id": account_id, "limit": 15}).json()
    assert first["object"] == "EmailList" and len(first["items"]) == 15 and first["cursor"]
    dates = [e["date"] for e in first["items"]]
    assert dates == sorted(dates, reverse=True)
    ids, page = [e["id"] for e in first["items"]], first
    while page["cursor"]:
        page = client.get("/api/v1/emails", params={"account_id": account_id, "cursor": page["cursor"]}).json()
        assert len(page["items"]) <= 15
        ids += [e["id"] for e in page["items"]]
    assert len(ids) == len(set(ids)) == 40
    inbox = client.get("/api/v1/emails", params={"account_id": account_id, "folder": "INBOX", "limit": 100}).json()
    assert inbox["items"] and all("INBOX" in e["folderIds"] for e in inbox["items"])
    sent = client.get("/api/v1/emails", params={"account_id": account_id, "role": "sent", "limit": 100}).json()
    assert len(inbox["items"]) + len(sent["items"]) == 40
    thread = first["items"][0]["thread_id"]
    threaded = client.get("/api/v1/emails", params={"account_id": account_id, "thread_id": thread}).json()
    assert {e["thread_id"] for e in threaded["items"]} == {thread}
    meta = client.get("/api/v1/emails", params={"account_id": account_id, "meta_only": "true", "limit": 1}).json()
    assert meta["items"][0]["kind"] == "1_meta" and meta["items"][0]["body"] == ""


def test_one_email_by_its_id_or_provider_id_then_marked_labelled_and_trashed(client):
    account_id = gmail(client)
    email = client.get("/api/v1/emails", params={"account_id": account_id, "folder": "INBOX"}).json()["items"][0]
    by_id = client.get(f"/api/v1/emails/{email['id']}", params={"include_headers": "true"}).json()
    assert by_id["kind"] == "2_full" and by_id["body"].startswith("<p>")
    assert {"From", "To", "Subject", "Message-ID"} <= {h["name"] for h in by_id["headers"]}
    by_provider = client.get(f"/api/v1/emails/{email['provider_id']}", params={"account_id": account_id})
    assert by_provider.json()["id"] == email["id"]
    assert_envelope(client.get(f"/api/v1/emails/{email['provider_id']}"), 400, "errors/invalid_parameters", "account_id")

    path = f"/api/v1/emails/{email['id']}"
    assert client.put(path, json={"unread": True, "folders": ["INBOX", "Clients"]}).json() == {"object": "EmailUpdated"}
    changed = client.get(path).json()
    assert changed["read_date"] is None and changed["folders"] == ["INBOX", "Clients"]
    assert_envelope(client.put(path, json={"folders": ["Nope"]}), 400, "errors/invalid_parameters", "folders: no folder named 'Nope'")
    assert client.get(path).json()["folders"] == ["INBOX", "Clients"]  # nothing half-applied

    assert client.delete(path).json() == {"object": "EmailDeleted"}
    trashed = client.get(path).json()
    assert (trashed["role"], trashed["folders"]) == ("trash", ["TRASH"])


def test_folders_count_what_they_hold_and_attachments_are_bytes(client):
    account_id = gmail(client)
    folders = client.get("/api/v1/folders", params={"account_id": account_id}).json()["items"]
    by_name = {f["name"]: f for f in folders}
    assert by_name["INBOX"]["role"] == "inbox" and by_name["TRASH"]["nb_mails"] == 0
    one = client.get(f"/api/v1/folders/{by_name['SENT']['id']}").json()
    assert one == by_name["SENT"]
    emails = client.get("/api/v1/emails", params={"account_id": account_id, "limit": 100}).json()["items"]
    with_file = next(e for e in emails if e["has_attachments"])
    meta = with_file["attachments"][0]
    served = client.get(f"/api/v1/emails/{with_file['id']}/attachments/{meta['id']}")
    assert served.content.startswith(b"%PDF") and len(served.content) == meta["size"]
    linkedin = client.get("/api/v1/accounts").json()["items"][0]["id"]
    assert_envelope(client.get("/api/v1/emails", params={"account_id": linkedin}), 422, "errors/invalid_account", "account_id")
