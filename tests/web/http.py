"""Plain HTTP against a running ipabs serve, the way a browser (or an attacker) speaks to Gradio: login, queue join, results."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import httpx

REFUSED = ("Not allowed", "Not signed in", "无权限")


@dataclass
class Outcome:
    status: int                 # HTTP status of the join (200 = queued)
    success: bool | None        # None when the call never ran
    output: object = None       # the handler's outputs, or the error message
    text: str = ""

    @property
    def refused(self) -> bool:
        """Stopped before the handler did its work: by Gradio's login check, the gate, or the role guard."""
        if self.status != 200:
            return True
        return self.success is False and any(word in str(self.output) for word in REFUSED)


def session(url: str, name: str | None = None, password: str | None = None, **headers) -> httpx.Client:
    """A client with the cookies of a sign-in (or none for anonymous)."""
    client = httpx.Client(base_url=url.rstrip("/"), timeout=120, headers=headers)
    if name is not None:
        resp = client.post("/login", data={"username": name, "password": password})
        resp.raise_for_status()
    return client


def endpoints(url: str, client: httpx.Client | None = None) -> dict[str, dict]:
    """Every named API endpoint of the app, from the app's own config: {api_name: dependency}."""
    config = (client or httpx.Client(timeout=60)).get(url.rstrip("/") + "/config").json()
    return {d["api_name"]: d for d in config["dependencies"] if d.get("api_name")}


def call(client: httpx.Client, dependency: dict, data: list, session_hash: str | None = None) -> Outcome:
    """Join the queue for one endpoint and read its stream until the call completes."""
    session_hash = session_hash or uuid.uuid4().hex[:11]
    joined = client.post("/gradio_api/queue/join", json={
        "data": data, "fn_index": dependency["id"], "session_hash": session_hash,
        "event_data": None, "trigger_id": None})
    if joined.status_code != 200:
        return Outcome(joined.status_code, None, text=joined.text)
    return read(client, session_hash)


def read(client: httpx.Client, session_hash: str) -> Outcome:
    with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session_hash}) as resp:
        if resp.status_code != 200:
            return Outcome(resp.status_code, None, text=resp.read().decode())
        for line in resp.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed":
                out = message.get("output") or {}
                if message.get("success"):
                    return Outcome(200, True, out.get("data"))
                return Outcome(200, False, out.get("error") or out, json.dumps(message, ensure_ascii=False))
            if message.get("msg") in ("unexpected_error", "close_stream"):
                return Outcome(200, False, message.get("message") or message)
    return Outcome(200, None, text="stream ended without a result")
