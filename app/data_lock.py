"""Who may open a data directory's embedded Chroma store: one process, or everyone through the server `ipabs serve` runs.

Chroma's embedded store keeps its vector index in the memory of the process that opened it, so a
second process writing the same folder leaves the first one answering from a stale index ("Error
finding id"). Hence:

- a process opening the embedded store takes `data/.ipabs-owner` with an exclusive `flock` (released
  by the kernel when the process ends, even on kill -9) and keeps it for its lifetime;
- `ipabs serve` takes it too, then runs a Chroma server (`chroma run`) on that folder, on loopback,
  as its child, and writes the server's URL into the owner file. Every other ipabs process (CLI
  ingest, ask, docs, kb export ...) finding the data directory served talks to that server, so the web
  app and the command line share one live library with no restart;
- any other holder (say a long `ipabs ingest`) makes a second process stop with one line saying who
  holds the directory and what to do.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from kb.connection import StoreUnavailable

OWNER_FILE = ".ipabs-owner"
SERVER_LOG = "chroma-server.log"
SERVER_LOG_MAX_BYTES = 5_000_000   # a longer log is moved aside when the server starts
SERVER_START_S = 60          # how long `chroma run` may take to answer its heartbeat

_held: dict[Path, "Owner"] = {}      # owner files this process holds, by resolved path
_fds: dict[Path, int] = {}


@dataclass
class Owner:
    pid: int
    command: str
    since: float
    chroma_url: str = ""     # set while the owner serves the store through a Chroma server


class DataDirBusy(StoreUnavailable):
    """Another process holds the data directory's embedded store; the message says who and what to do."""

    def __init__(self, data_dir: Path, owner: Owner | None):
        self.owner = owner
        who = (f"process {owner.pid} ({owner.command}, since {time.strftime('%H:%M:%S', time.localtime(owner.since))})"
               if owner else "another process")
        RuntimeError.__init__(
            self, f"{data_dir} is in use by {who}: wait for it to finish, or start `ipabs serve` first "
            "(other ipabs commands then share its library), or set IPABS_CHROMA_URL to a Chroma server")


def _owner_path(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    return (data_dir / OWNER_FILE).resolve()


def _read(path: Path) -> Owner | None:
    try:
        return Owner(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _write(path: Path, owner: Owner) -> None:
    fd = _fds[path]
    data = json.dumps(asdict(owner)).encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)
    os.fsync(fd)


def claim(data_dir: Path, command: str) -> Owner | None:
    """Take the data directory for this process; returns None on success, else the process that holds it."""
    path = _owner_path(data_dir)
    if path in _held:
        return None
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        for _ in range(20):   # the holder may be between truncating and writing its record
            owner = _read(path)
            if owner is not None:
                return owner
            time.sleep(0.05)
        return Owner(0, "unknown", time.time())
    _fds[path] = fd
    _held[path] = Owner(os.getpid(), command, time.time())
    _write(path, _held[path])
    return None


def store_url(data_dir: Path, command: str) -> str:
    """The Chroma URL this process should use for `data_dir`: "" for the embedded store (now held by
    this process), the serving process's Chroma server, or DataDirBusy."""
    path = _owner_path(data_dir)
    if path in _held:
        return _held[path].chroma_url
    holder = claim(data_dir, command)
    if holder is None:
        return ""
    if holder.chroma_url:
        return holder.chroma_url
    raise DataDirBusy(data_dir, holder)


def serve_store(data_dir: Path, command: str = "ipabs serve") -> subprocess.Popen:
    """Hold `data_dir` and run a Chroma server on its store for this process and every other one.

    The server is this process's child, listening on a free loopback port; it ends with this process
    (PR_SET_PDEATHSIG, so also after kill -9). Raises DataDirBusy when another process holds the folder."""
    holder = claim(data_dir, command)
    path = _owner_path(data_dir)
    if holder is not None:
        raise DataDirBusy(data_dir, holder)
    if _held[path].chroma_url:
        raise RuntimeError(f"{data_dir} is already served by this process")
    port = _free_port()
    proc = _start_chroma(data_dir, port)
    _held[path].chroma_url = f"http://127.0.0.1:{port}"
    _write(path, _held[path])
    threading.Thread(target=_keep_serving, args=(data_dir, port, proc), daemon=True, name="ipabs-chroma-watch").start()
    return proc


def _start_chroma(data_dir: Path, port: int) -> subprocess.Popen:
    _rotate(data_dir / SERVER_LOG)
    log = (data_dir / SERVER_LOG).open("ab")
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str((data_dir / "chroma").resolve()), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        # Warnings and errors only: at its default INFO level the server logged every request (3.2 MB in one
        # afternoon's asks, user12 S3-8).
        env={"RUST_LOG": "warn", **os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    log.close()
    _wait_for_heartbeat(f"http://127.0.0.1:{port}", proc, data_dir / SERVER_LOG)
    return proc


def _rotate(log: Path, limit: int = SERVER_LOG_MAX_BYTES) -> None:
    """Move a server log past `limit` bytes aside (one older copy, `.1`), so that it never grows without end."""
    if log.exists() and log.stat().st_size > limit:
        log.replace(log.with_name(log.name + ".1"))


def _keep_serving(data_dir: Path, port: int, proc: subprocess.Popen) -> None:
    """Start the Chroma server again, on the same port, whenever it stops: until then every ipabs
    process gets StoreUnavailable (the web app shows it in the chat), then carries on by itself."""
    log = logging.getLogger("ipabs.data")
    while True:
        code = proc.wait()
        log.error("the Chroma server of %s stopped (exit %s); starting it again", data_dir, code)
        time.sleep(1)
        try:
            proc = _start_chroma(data_dir, port)
        except (OSError, RuntimeError) as err:
            log.error("could not start the Chroma server again: %s", err)
            time.sleep(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # 1 = PR_SET_PDEATHSIG


def _wait_for_heartbeat(url: str, proc: subprocess.Popen, log: Path) -> None:
    import httpx

    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
            raise RuntimeError(f"the Chroma server for {log.parent} exited with {proc.returncode}:\n{tail}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"the Chroma server for {log.parent} did not answer within {SERVER_START_S}s (see {log})")
