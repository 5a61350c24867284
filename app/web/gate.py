"""The gate every HTTP request passes: own origins and hosts only, sessions bound to their user, role-gated routes, security headers.

Gradio checks that a request is signed in; it does not check that a cross-origin page is not making
it with the user's cookie, that a queue session (`session_hash`) or an event's result (`event_id`) is
read by the user who started it, which role may use its upload, file and monitoring routes, or how
much one user uploads. This ASGI middleware does, before any handler runs, and adds the browser
security headers to every response.
"""
from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse

from app.web.auth import MAX_NAME_CHARS, ROLES

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
# The Gradio UI evaluates the small scripts of `.then(js=...)` and sets inline styles, hence the two
# 'unsafe-*' sources; everything is loaded from the app itself and nothing may frame it.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; "
       "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Routes with a least role of their own (path fragments after the app root). Uploading and fetching
# files serve the Check (deal files, report downloads) and the Library; monitoring is the admin's.
ROUTE_ROLES = (
    ("/gradio_api/upload", "arranger"),
    ("/gradio_api/file=", "arranger"),
    ("/gradio_api/file/", "arranger"),
    ("/monitoring", "admin"),
)
# Request bodies that name a queue session: read (they are small JSON) to bind the session to its user.
_SESSION_BODY_PATHS = ("/gradio_api/queue/join", "/gradio_api/cancel", "/gradio_api/reset")
# Starting an event (the browser's queue join, the API's `POST /call/{api_name}`) answers its event id;
# its result is read with `GET /call/{api_name}/{event_id}`, so the id is bound to the user it was given to.
_EVENT_START = ("/gradio_api/queue/join", "/gradio_api/call/")
_EVENT_RESULT = "/gradio_api/call/"
_MAX_SESSION_BODY = 8 * 1024 * 1024
_MAX_SESSIONS = 100_000
_MAX_LOGIN_BODY = 4096


@dataclass
class GatePolicy:
    """What the gate allows; built once from the settings and the address `ipabs serve` listens on."""

    origins: tuple[str, ...]                  # "scheme://host[:port]", lower case, no trailing slash
    hosts: tuple[str, ...] | None             # allowed Host header values (host[:port]); None = any
    role_of: Callable[[str | None], str | None]   # user name -> current role (None = unknown or removed)
    login_required: bool

    @classmethod
    def build(cls, configured: list[str], host: str, port: int, role_of, login_required: bool) -> "GatePolicy":
        if configured:
            origins = tuple(o.rstrip("/").lower() for o in configured)
            return cls(origins, tuple(urlsplit(o).netloc for o in origins), role_of, login_required)
        if host in ("0.0.0.0", "::", ""):
            # Reached by whatever name or address the network gives: same-origin only, any Host.
            return cls((), None, role_of, login_required)
        names = {host, *LOOPBACK} if host in LOOPBACK else {host}
        hosts = tuple(sorted({f"{n}:{port}" for n in names} | ({*names} if port in (80, 443) else set())))
        return cls(tuple(f"{scheme}://{h}" for h in hosts for scheme in ("http", "https")), hosts, role_of,
                   login_required)

    def origin_ok(self, origin: str, host: str) -> bool:
        origin = origin.rstrip("/").lower()
        if self.origins:
            return origin in self.origins
        return urlsplit(origin).netloc == host.lower()    # same origin as the request

    def host_ok(self, host: str) -> bool:
        return self.hosts is None or host.lower() in self.hosts


@dataclass
class SessionOwners:
    """Which user started each queue session; a session is only ever served to that user."""

    owners: "OrderedDict[str, str]" = field(default_factory=OrderedDict)

    def claim(self, session: str, user: str) -> bool:
        owner = self.owners.get(session)
        if owner is None:
            self.owners[session] = user
            if len(self.owners) > _MAX_SESSIONS:
                self.owners.popitem(last=False)
            return True
        self.owners.move_to_end(session)
        return owner == user

    def owned_by(self, session: str, user: str) -> bool:
        """An id this gate handed to `user` (an unknown one belongs to no one: never claimed by reading it)."""
        return self.owners.get(session) == user


@dataclass
class UploadQuota:
    """Uploads per user in a rolling window: at most `count` requests and `max_bytes` bytes (0 = no limit)."""

    count: int
    max_bytes: int
    window_s: float
    used: "dict[str, list[tuple[float, int]]]" = field(default_factory=dict)

    def _recent(self, user: str, now: float) -> list[tuple[float, int]]:
        kept = [(t, n) for t, n in self.used.get(user, []) if now - t < self.window_s]
        self.used[user] = kept
        return kept

    def refusal(self, user: str, size: int, now: float) -> str | None:
        """Why this upload of `size` bytes is over the user's quota, or None when it fits."""
        recent = self._recent(user, now)
        hours = self.window_s / 3600
        if self.count and len(recent) >= self.count:
            return f"upload quota reached: {len(recent)} uploads in {hours:g} h (limit {self.count})"
        total = sum(n for _, n in recent)
        if self.max_bytes and total + size > self.max_bytes:
            return (f"upload quota reached: {total / 2**20:.1f} MB uploaded in {hours:g} h, this upload "
                    f"{size / 2**20:.1f} MB, limit {self.max_bytes / 2**20:g} MB")
        return None

    def record(self, user: str, size: int, now: float) -> None:
        self._recent(user, now).append((now, size))


@dataclass
class LoginThrottle:
    """Failed sign-ins per user name and per client address in a sliding window; past the limit, wait."""

    per_user: int = 5
    per_client: int = 20
    window_s: float = 900.0
    failures: "OrderedDict[str, list[float]]" = field(default_factory=OrderedDict)

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self.failures.get(key, []) if now - t < self.window_s]
        if times:
            self.failures[key] = times
        else:
            self.failures.pop(key, None)
        return times

    def wait_s(self, user: str, client: str, now: float) -> float:
        """Seconds until another attempt for this user from this client is allowed (0 = now)."""
        wait = 0.0
        for key, limit in ((f"user:{user}", self.per_user), (f"client:{client}", self.per_client)):
            times = self._recent(key, now)
            if len(times) >= limit:
                wait = max(wait, times[-limit] + self.window_s - now)
        return wait

    def failed(self, user: str, client: str, now: float) -> None:
        for key in (f"user:{user}", f"client:{client}"):
            self.failures.setdefault(key, []).append(now)
            self.failures.move_to_end(key)
        while len(self.failures) > _MAX_SESSIONS:
            self.failures.popitem(last=False)

    def succeeded(self, user: str) -> None:
        self.failures.pop(f"user:{user}", None)


class Gate:
    """ASGI middleware in front of the Gradio app (added through `launch(app_kwargs=...)`)."""

    def __init__(self, app, policy: GatePolicy, on_refusal: Callable[[str, str, str], None] | None = None,
                 on_download: Callable[[str, str], None] | None = None, quota: UploadQuota | None = None):
        self.app = app
        self.policy = policy
        self.quota = quota
        self.on_download = on_download or (lambda user, path: None)
        self.sessions = SessionOwners()
        self.throttle = LoginThrottle()
        self.on_refusal = on_refusal or (lambda user, reason, path: None)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path = scope.get("path", "")
        host = headers.get("host", "")
        if not self.policy.host_ok(host):
            return await self._refuse(scope, receive, send, None, f"host {host[:100]!r} is not this app's", 421)
        origin = headers.get("origin")
        if origin is not None and not self.policy.origin_ok(origin, host):
            return await self._refuse(scope, receive, send, None, f"origin {origin[:100]!r} is not allowed")
        if headers.get("sec-fetch-site") == "cross-site" and scope["method"] not in ("GET", "HEAD"):
            return await self._refuse(scope, receive, send, None, "cross-site request")

        if scope["method"] == "POST" and path.rstrip("/").endswith("/login"):
            return await self._login(scope, receive, send)

        user = self._user(scope, headers)
        if user is _REVOKED:
            return await self._refuse(scope, receive, send, None, "the account was removed or changed", 401)
        role = self.policy.role_of(user) if self.policy.login_required else "admin"
        for fragment, least in ROUTE_ROLES:
            if fragment in path and (role is None or ROLES.index(role) < ROLES.index(least)):
                return await self._refuse(scope, receive, send, user, f"{fragment.strip('/=')} needs the {least} role")

        if self.policy.login_required:
            session = _session_in_path(path, scope.get("query_string", b""))
            starts_event = scope["method"] == "POST" and any(p in path for p in _EVENT_START)
            if scope["method"] == "GET" and _EVENT_RESULT in path:
                event_id = path.rstrip("/").rsplit("/", 1)[-1]
                if not self.sessions.owned_by(event_id, user or ""):
                    return await self._refuse(scope, receive, send, user, "that event belongs to another user")
            if session is None and (path.endswith(_SESSION_BODY_PATHS) or starts_event) and scope["method"] == "POST":
                body = await _read_body(receive)
                if body is None:
                    return await self._refuse(scope, _empty, send, user, "request too large", 413)
                session = _session_in_body(body)
                receive = _replay(body, receive)
            if session is not None and not self.sessions.claim(session, user or ""):
                return await self._refuse(scope, receive, send, user, "that session belongs to another user")
            if starts_event:
                return await self.app(scope, receive, self._binding_event(user or "", _with_headers(send)))

        uploading = scope["method"] == "POST" and path.rstrip("/").endswith("/gradio_api/upload")
        if uploading and self.quota is not None and self.policy.login_required:
            return await self._upload(scope, receive, send, user or "-", headers)

        if "/gradio_api/file=" in path and scope["method"] == "GET":
            return await self._download(scope, receive, send, user or "-")
        await self.app(scope, receive, _with_headers(send))

    def _binding_event(self, user: str, send):
        """Holds the answer of an event start until its event id is bound to `user`, then sends it on."""
        held: list[dict] = []

        async def sending(message) -> None:
            if message["type"] not in ("http.response.start", "http.response.body"):
                return await send(message)
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                event_id = _event_id_in(b"".join(m.get("body", b"") for m in held[1:]))
                if event_id is not None:
                    self.sessions.claim(event_id, user)
                for m in held:
                    await send(m)
                held.clear()
        return sending

    async def _upload(self, scope, receive, send, user: str, headers: Headers) -> None:
        """An upload within the user's quota; a declared size is reserved before the body is read."""
        declared = headers.get("content-length")
        size = int(declared) if declared and declared.isdigit() else 0
        reason = self.quota.refusal(user, size, time.time())
        if reason is not None:
            self.on_refusal(user, reason, scope.get("path", ""))
            response = PlainTextResponse(f"Refused: {reason}. 上传超出配额，请稍后再试。", status_code=429,
                                         headers={"Retry-After": str(int(self.quota.window_s))})
            return await response(scope, receive, _with_headers(send))
        if declared is not None:
            self.quota.record(user, size, time.time())
            return await self.app(scope, receive, _with_headers(send))
        received = 0

        async def counting() -> dict[str, Any]:    # no declared size (chunked): count what arrives
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            return message

        try:
            await self.app(scope, counting, _with_headers(send))
        finally:
            self.quota.record(user, received, time.time())

    async def _download(self, scope, receive, send, user: str) -> None:
        """A file served to a user (a report, a deal): on record as its sending starts."""
        async def observed(message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                self.on_download(user, scope.get("path", "").rsplit("/", 1)[-1])
            await _with_headers(send)(message)

        await self.app(scope, receive, observed)

    async def _login(self, scope, receive, send) -> None:
        """A sign-in attempt: refused while its user name or client has failed too often, counted after."""
        body = await _read_body(receive, _MAX_LOGIN_BODY)
        if body is None:
            return await self._refuse(scope, _empty, send, None, "sign-in form too large", 413)
        name = (parse_qs(body.decode("utf-8", "replace")).get("username") or [""])[0].strip()[:MAX_NAME_CHARS + 1]
        client = (scope.get("client") or ("?", 0))[0]
        wait = self.throttle.wait_s(name, client, time.monotonic())
        if wait > 0:
            self.on_refusal(name, f"sign-in throttled for {wait:.0f} s", scope.get("path", ""))
            response = PlainTextResponse(f"Too many failed sign-ins: try again in {wait:.0f} s. 登录失败次数过多，请稍后再试。",
                                         status_code=429, headers={"Retry-After": str(int(wait) + 1)})
            return await response(scope, _empty, _with_headers(send))
        status = {}

        async def observed(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await _with_headers(send)(message)

        await self.app(scope, _replay(body, receive), observed)
        if status.get("code") == 200:
            self.throttle.succeeded(name)
        else:
            self.throttle.failed(name, client, time.monotonic())

    def _user(self, scope, headers: Headers):
        """The signed-in user name, None when anonymous, _REVOKED when the users file no longer has them."""
        app = scope.get("app")
        tokens = getattr(app, "tokens", None)
        if tokens is None:
            return None
        cookie_id = getattr(app, "cookie_id", "")
        cookies = _cookies(headers.get("cookie", ""))
        token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
        name = tokens.get(token) if token else None
        if name is not None and self.policy.login_required and self.policy.role_of(name) is None:
            tokens.pop(token, None)    # a removed user's session ends here
            return _REVOKED
        return name

    async def _refuse(self, scope, receive, send, user, reason: str, status: int = 403) -> None:
        self.on_refusal(user or "-", reason, scope.get("path", ""))
        response = PlainTextResponse(f"Refused: {reason}.", status_code=status)
        await response(scope, receive, _with_headers(send))


_REVOKED = object()


def _with_headers(send):
    async def sending(message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                headers[name] = value
            _strict_cookies(message)
        await send(message)
    return sending


def _strict_cookies(message) -> None:
    """Gradio sets its login cookies SameSite=None; a cross-site page must never send them."""
    rewritten = []
    for name, value in message.get("headers", []):
        if name.lower() == b"set-cookie" and value.startswith(b"access-token"):
            parts = [p for p in value.split(b";") if not p.strip().lower().startswith(b"samesite")]
            value = b";".join([*parts, b" SameSite=strict"])
        rewritten.append((name, value))
    message["headers"] = rewritten


def _cookies(header: str) -> dict[str, str]:
    found = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            found[name] = value
    return found


def _session_in_path(path: str, query: bytes) -> str | None:
    for prefix in ("/gradio_api/heartbeat/", "/gradio_api/stream/"):
        if prefix in path:
            rest = path.split(prefix, 1)[1]
            return rest.split("/", 1)[0] or None
    values = parse_qs(query.decode("latin-1")).get("session_hash")
    return values[0] if values else None


def _event_id_in(body: bytes) -> str | None:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None
    value = data.get("event_id") if isinstance(data, dict) else None
    return str(value) if value else None


def _session_in_body(body: bytes) -> str | None:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None
    value = data.get("session_hash") if isinstance(data, dict) else None
    return str(value) if value is not None else None


async def _read_body(receive, limit: int = 0) -> bytes | None:
    limit = limit or _MAX_SESSION_BODY
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > limit:
            return None
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive_more):
    """The body already read, then whatever the connection says next (its disconnect)."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive_more()
    return receive


async def _empty() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}

