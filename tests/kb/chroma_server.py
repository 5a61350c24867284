"""A real `chroma run` server in a subprocess, for tests: started on a free loopback port, stopped, restarted."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.shared import free_port, stop_process, wait_until_up

CHROMA = Path(sys.executable).parent / "chroma"   # the chromadb package's own CLI, beside this Python
_START_TIMEOUT_S = 60.0


def is_up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v2/heartbeat", timeout=2.0).status_code == 200
    except httpx.TransportError:
        return False


class ChromaServer:
    """`chroma run --path PATH --host 127.0.0.1 --port PORT`; the same path and port survive a restart."""

    def __init__(self, path: Path, port: int | None = None):
        self.path = path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = path.parent / f"chroma-{self.port}.log"
        self._process: subprocess.Popen | None = None

    def start(self) -> "ChromaServer":
        command = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        with open(self.log, "ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        if not wait_until_up(self._process, lambda: is_up(self.url), _START_TIMEOUT_S, 0.1):
            self.stop()
            raise RuntimeError(f"chroma run did not start on {self.url}:\n{self.log.read_text()[-2000:]}")
        return self

    def stop(self) -> None:
        stop_process(self._process)
        self._process = None
