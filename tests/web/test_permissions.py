"""Every endpoint of the app, taken from the app's own config, called by every role and anonymously, against one permission table.

A new endpoint that is not in the table fails the test until someone decides who may call it.
"""
from __future__ import annotations

import pytest

from tests.web.conftest import ROLES
from tests.web.http import call, endpoints, session

pytestmark = pytest.mark.slow

IDENTITIES = ("anonymous", *ROLES)

# The least role each endpoint needs (api_name -> role). Private endpoints (no API page) can still be
# called by fn_index, so they are here too.
PERMISSIONS = {
    "on_load": "viewer", "refresh_header": "viewer", "refresh_header_1": "viewer",
    "ask": "viewer", "ask_sources": "viewer", "ask_clear": "viewer",
    "check_show": "arranger", "check_sample": "arranger", "check_upload": "arranger", "check_form": "arranger",
    "check": "arranger", "check_pdf": "arranger", "check_amounts": "arranger", "whatif": "arranger",
    "intake": "arranger",
    "rules_show": "arranger", "rules_pack": "arranger", "rules_filter": "arranger",
    "library_show": "editor", "library_list": "editor", "library_open": "editor", "library_upload": "editor",
    "library_delete": "editor",
    "audit_show": "admin", "audit": "admin",
}
# Routes outside the queue with a least role of their own.
ROUTES = {
    ("POST", "/gradio_api/upload"): "arranger",
    ("GET", "/monitoring"): "admin",
}


def allowed(identity: str, least: str) -> bool:
    return identity != "anonymous" and ROLES.index(identity) >= ROLES.index(least)


@pytest.fixture(scope="module")
def clients(server):
    made = {role: session(server.url, role, server.passwords[role]) for role in ROLES}
    made["anonymous"] = session(server.url)
    yield made
    for client in made.values():
        client.close()


def test_every_endpoint_is_in_the_permission_table(server, clients):
    backend = {name for name, dep in endpoints(server.url, clients["admin"]).items() if dep.get("backend_fn", True)}
    assert backend - set(PERMISSIONS) == set(), "new endpoints: add them to PERMISSIONS with their least role"
    assert set(PERMISSIONS) - backend == set(), "endpoints that no longer exist: remove them from PERMISSIONS"


def test_every_endpoint_times_every_identity(server, clients):
    deps = endpoints(server.url, clients["admin"])
    wrong = []
    for name, least in PERMISSIONS.items():
        dep = deps[name]
        for identity in IDENTITIES:
            # Empty inputs: enough to get past (or be stopped by) the guard, never enough to change data.
            outcome = call(clients[identity], dep, [None] * len(dep["inputs"]))
            if outcome.refused == allowed(identity, least):
                wrong.append(f"{name} as {identity}: {'refused' if outcome.refused else 'allowed'} "
                             f"({str(outcome.output or outcome.text)[:120]})")
    assert wrong == [], "\n".join(wrong)


def test_upload_and_monitoring_routes_by_role(server, clients):
    wrong = []
    for (method, path), least in ROUTES.items():
        for identity in IDENTITIES:
            client = clients[identity]
            if method == "POST":
                resp = client.post(path, files={"files": ("note.txt", b"hello", "text/plain")})
            else:
                resp = client.get(path)
            refused = resp.status_code in (401, 403)
            if refused == allowed(identity, least):
                wrong.append(f"{method} {path} as {identity}: HTTP {resp.status_code}")
    assert wrong == [], "\n".join(wrong)


def test_report_files_are_not_served_to_viewers(server, clients):
    import json

    from rules.samples import list_samples

    deps = endpoints(server.url, clients["admin"])

    text = open(list_samples()[0].path, encoding="utf-8").read()
    outcome = call(clients["arranger"], deps["check"], [text, "", None])   # no imported draft
    assert outcome.success, outcome.text
    report_json = outcome.output[6]
    url = (report_json.get("value") or report_json)["url"]
    path = url.split("/gradio_api/", 1)[1]
    assert json.loads(clients["arranger"].get("/gradio_api/" + path).text)["verdict"]
    audit = (server.data_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert any('"action": "download"' in line and '"user": "arranger"' in line for line in audit[-5:])   # exports on record
    for identity in ("viewer", "anonymous"):
        resp = clients[identity].get("/gradio_api/" + path)
        assert resp.status_code in (401, 403), f"{identity}: HTTP {resp.status_code}"
