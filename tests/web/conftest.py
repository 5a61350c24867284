"""Web fixtures: a real `ipabs serve` subprocess on a free port with a temp data dir, and a headless Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.shared import CORPUS, free_port

ROOT = Path(__file__).resolve().parents[2]
IPABS = str(Path(sys.executable).with_name("ipabs"))
DATA = Path(__file__).parent / "data"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium")   # as .ci/run finds it: Debian's package, on PATH
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PATENT_LAW = "CN-L-专利法-2020.md"   # read from ../shared/corpus at run time, never copied
ROLES = ("viewer", "arranger", "editor", "admin")


@dataclass
class Server:
    url: str
    data_dir: Path
    env: dict
    passwords: dict[str, str]
    log: Path
    has_patent_law: bool


def base_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPABS_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", IPABS_DATA_DIR=str(data_dir),
               IPABS_EMBEDDING="e5-engine", IPABS_STARTER_PACK="false", IPABS_MAX_FILE_MB="2")
    return env


def cli(env: dict, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([IPABS, *args], env=env, input=input, text=True, capture_output=True, timeout=600, check=True)


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 180) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"ipabs serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"ipabs serve did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


def start_server(data_dir: Path, env: dict) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    log = data_dir.parent / f"serve-{port}.log"
    fh = log.open("w")
    proc = subprocess.Popen([IPABS, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url, proc, log)
    return proc, url, log


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """The app with login (one user per role), the test guideline and the Patent Law ingested first."""
    root = tmp_path_factory.mktemp("web")
    data_dir = root / "data"
    env = base_env(data_dir)
    env["IPABS_USERS"] = str(root / "users.yaml")
    passwords = {role: f"pw-{role}-0123" for role in ROLES}
    for role, password in passwords.items():
        cli(env, "users", "add", role, "--role", role, "--password-stdin", input=password + "\n")
    cli(env, "ingest", str(DATA / "ipabs_test_guideline.md"))
    patent_law = CORPUS / PATENT_LAW
    if patent_law.exists():
        cli(env, "ingest", str(patent_law))
    proc, url, log = start_server(data_dir, env)
    yield Server(url, data_dir, env, passwords, log, patent_law.exists())
    stop(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.skip("chromium is not on PATH (apt-get install chromium; .ci/run installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def login(browser, server):
    """`login(role)` -> a page signed in as that role, on the app's first tab."""
    contexts = []

    def sign_in(role: str):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(server.url)
        page.locator("input[type=text]").first.fill(role)
        page.locator("input[type=password]").fill(server.passwords[role])
        page.get_by_role("button", name="Login").click()
        page.wait_for_selector("#ask-input textarea", timeout=30000)
        page.wait_for_selector(f"#ipabs-header :text('{role}')", timeout=15000)
        return page

    yield sign_in
    for context in contexts:
        context.close()


def shot(page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
