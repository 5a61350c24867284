"""Roles are enforced on the server: a viewer is refused Check and Library in the page and at the API."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest

from tests.web.conftest import shot

pytestmark = pytest.mark.e2e


def test_viewer_sees_only_ask(login):
    page = login("viewer")
    assert page.get_by_role("tab", name=re.compile("Ask")).is_visible()
    for hidden in ("Check", "Library", "Rules", "Audit"):
        assert page.get_by_role("tab", name=re.compile(hidden)).count() == 0 or \
            not page.get_by_role("tab", name=re.compile(hidden)).is_visible()
    assert not page.locator("#check-body").is_visible()
    assert not page.locator("#library-body").is_visible()
    shot(page, "roles-viewer-tabs")


def test_viewer_is_refused_by_the_handlers_themselves(server):
    from gradio_client import Client

    client = Client(server.url, auth=("viewer", server.passwords["viewer"]), verbose=False)
    calls = {
        "/check": ("id: x\n", ""),
        "/library_list": ("", False),
        "/library_delete": (None, True, "", False),
        "/library_open": (None,),
        "/rules_pack": (None, ""),
    }
    for api, args in calls.items():
        with pytest.raises(Exception, match="Not allowed"):
            client.predict(*args, api_name=api)
    # Asking is what a viewer may do.
    history = client.predict("发明专利权的期限是多久？", [], "Any · 全部", "Any · 全部", "", "extractive", api_name="/ask")[0]
    assert history[-1]["role"] == "assistant"

    log = [json.loads(line) for line in (server.data_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    denied = {e["attempted"] for e in log if e["action"] == "denied" and e["user"] == "viewer"}
    assert {"check", "library.read", "library.write", "rules"} <= denied
    asked = [e for e in log if e["action"] == "ask" and e["user"] == "viewer"]
    assert asked and asked[-1]["kb"]["documents"] >= 1 and asked[-1]["packs"]


def test_arranger_can_check_but_not_delete(server):
    from gradio_client import Client

    client = Client(server.url, auth=("arranger", server.passwords["arranger"]), verbose=False)
    client.predict("id: x\n", "", api_name="/check")
    with pytest.raises(Exception, match="Not allowed"):
        client.predict(None, True, "", False, api_name="/library_delete")


def test_api_without_login_is_rejected(server):
    request = urllib.request.Request(server.url + "gradio_api/call/check", method="POST",
                                     data=json.dumps({"data": ["id: x\n", ""]}).encode(),
                                     headers={"content-type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code in (401, 403)


def test_wrong_password_is_rejected(server):
    from gradio_client import Client

    with pytest.raises(ValueError):
        Client(server.url, auth=("admin", "not-the-password"), verbose=False)
