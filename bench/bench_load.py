"""Load run: askers, checkers and an uploader against a real `ipabs serve` over HTTP for a bounded time.

Run: .venv/bin/python bench/bench_load.py [--seconds 60] [--askers 20] [--checkers 4] [--uploaders 1]

Starts `ipabs serve` on loopback with a temp data dir (embedding $IPABS_EMBEDDING, default `e5`;
an already-built e5 model under ./data is linked in, else the server builds it, from $IPABS_E5_SOURCE if set;
starter pack on), then drives the Ask (/ask), Check (/check) and Library (/library_upload) endpoints
through gradio_client, one client (one browser session) per simulated user. First an unloaded
serial pass gives each action's baseline latency; then every user loops until the time is up.
Checks: no request error, no error or traceback in the server log, the server still up, every check's
verdict and per-rule outcomes (HTML) and its JSON report download identical to the serial result of
`rules.engine.Checker.default().check` in this process, every upload listed in the library after.
Prints count, p50, p95, max, throughput and errors per action and the p50 ratio to the unloaded
baseline; exits 1 on any error or mismatch.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.web.conftest import IPABS, free_port, stop, wait_until_up  # noqa: E402

ANY = "Any · 全部"
MODEL_NAME = "multilingual-e5-small"   # the folder kb.embeddings builds under <data>/models
ACTIONS = ("ask", "check", "upload")
REQUEST_TIMEOUT_S = 120                # one request slower than this counts as an error
QUESTIONS = [
    "发明专利权的期限是多久？",
    "专利权人没有按照规定缴纳年费会怎样？",
    "原始权益人持有次级资产支持证券的比例不得低于多少？",
    "专利权质押登记之日起质权设立吗？",
    "知识产权证券化有哪几种交易模式？",
    "资产支持专项计划设立后多少个工作日内需要向基金业协会备案？",
    "What is the term of an invention patent?",
    "What must the originator retain in an asset-backed securitization?",
    "Which models of IP securitization exist in China?",
    "Does a patent pledge need to be registered?",
    "How many investors may subscribe to a private placement?",
    "今天北京天气怎么样？",                       # off-topic: should be "not found", never an error
    "What is the best recipe for chocolate cake?",  # off-topic
    "Who won the football world cup in 1998?",      # off-topic
]


# ---------------------------------------------------------------- measurements


@dataclass
class Sample:
    action: str
    seconds: float
    error: str = ""


@dataclass
class Recorder:
    """Thread-safe list of samples and check mismatches."""
    samples: list[Sample] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    uploads: list[str] = field(default_factory=list)   # 12-char doc id prefixes the uploader added
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)

    def mismatch(self, text: str) -> None:
        with self._lock:
            self.mismatches.append(text)

    def uploaded(self, doc_id: str) -> None:
        with self._lock:
            self.uploads.append(doc_id)


def timed(recorder: Recorder, action: str, fn: Callable[[], None]) -> None:
    """Run one user action, recording its latency and any exception as an error (never raised)."""
    started = time.perf_counter()
    try:
        fn()
    except Exception as err:  # noqa: BLE001 - every failure is a counted, reported error
        recorder.add(Sample(action, time.perf_counter() - started, f"{type(err).__name__}: {str(err)[:300]}"))
    else:
        recorder.add(Sample(action, time.perf_counter() - started))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# ---------------------------------------------------------------- the server


def find_built_model() -> Path | None:
    """An already-built e5 model folder under this checkout's data dir (the build takes minutes)."""
    from kb.e5_rebuild import is_complete

    data = Path(os.environ.get("IPABS_DATA_DIR", ROOT / "data"))
    candidates = [data / "models" / MODEL_NAME, ROOT / "data" / "models" / MODEL_NAME,
                  *sorted((ROOT / "data").glob(f"*/models/{MODEL_NAME}")),
                  *sorted((ROOT / "data").glob(f"*/*/models/{MODEL_NAME}"))]
    return next((c.resolve() for c in candidates if is_complete(c)), None)


def server_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPABS_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", IPABS_DATA_DIR=str(data_dir),
               IPABS_EMBEDDING=os.environ.get("IPABS_EMBEDDING", "e5"), IPABS_STARTER_PACK="true")
    if os.environ.get("IPABS_E5_SOURCE"):   # only read when no built model is linked below
        env["IPABS_E5_SOURCE"] = os.environ["IPABS_E5_SOURCE"]
    if env["IPABS_EMBEDDING"] == "e5" and (built := find_built_model()) is not None:
        (data_dir / "models").mkdir(parents=True, exist_ok=True)
        (data_dir / "models" / MODEL_NAME).symlink_to(built, target_is_directory=True)   # read-only use
    return env


@dataclass
class Served:
    proc: subprocess.Popen
    url: str
    log: Path


def start(tmp: Path) -> Served:
    """`ipabs serve` on a free loopback port; returns once `/` answers (a model build may come first)."""
    data_dir = tmp / "data"
    data_dir.mkdir()
    env = server_env(data_dir)
    port = free_port()
    log = tmp / "serve.log"
    with log.open("w") as fh:   # the child keeps its own copy of the descriptor
        proc = subprocess.Popen([IPABS, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, log, timeout=900)
    except BaseException:
        stop(proc)
        raise
    return Served(proc, url, log)


def alive(served: Served) -> bool:
    if served.proc.poll() is not None:
        return False
    try:
        with urllib.request.urlopen(served.url, timeout=10) as resp:
            return resp.status == 200
    except OSError:
        return False


def server_problems(log: Path) -> list[str]:
    """ERROR/CRITICAL log lines and the last line of every traceback the server printed."""
    found, inside = [], False
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if re.match(r"\S+ \S+ (ERROR|CRITICAL) ", line):
            found.append(line[:300])
        if line.startswith("Traceback"):
            inside = True
        elif inside and line and not line.startswith((" ", "\t", "Traceback", "During", "The above")):
            found.append(line[:300])
            inside = False
    return found


# ---------------------------------------------------------------- the users


def client(url: str):
    from gradio_client import Client

    # download_files=False: outputs keep their URLs, and only the JSON report is fetched.
    return Client(url, verbose=False, download_files=False, max_workers=2, analytics_enabled=False)


def call(c, *args, api_name: str):
    return c.submit(*args, api_name=api_name).result(timeout=REQUEST_TIMEOUT_S)


def ask(c, question: str) -> None:
    chat, _, _, sources = call(c, question, [], ANY, ANY, "", api_name="/ask")
    last = chat[-1]["content"] if chat else None
    text = json.dumps(last, ensure_ascii=False)
    if chat[-1]["role"] != "assistant" or "Searching the library" in text:
        raise AssertionError(f"no answer in the chat for {question!r}: {text[:200]}")
    if "Sources for:" not in sources and "Not found" not in sources:
        raise AssertionError(f"no sources panel for {question!r}: {sources[:200]}")


@dataclass(frozen=True)
class Deal:
    name: str
    text: str
    expected: dict   # the serial report as JSON (Report.to_dict via rules.report.render)


def serial_deals() -> list[Deal]:
    """Every sample deal (failing variants included) with its report from a serial in-process check."""
    from rules.deal_io import load_deal_file
    from rules.engine import Checker
    from rules.report import render
    from rules.samples import list_samples

    checker = Checker.default()
    return [Deal(s.name, Path(s.path).read_text(encoding="utf-8"),
                 json.loads(render(checker.check(load_deal_file(s.path)), "json"))) for s in list_samples()]


def checked_verdict(verdict: str) -> str:
    """The checker's verdict within a rendered one: a rendering also says whether a block rests on law the library
    holds (blocked_unverified), which the uploads running beside the checks change; what the rules decided must not."""
    return "blocked" if verdict == "blocked_unverified" else verdict


def outcomes(report: dict) -> tuple[str, list[tuple[str, str]]]:
    return checked_verdict(report["verdict"]), [(f["rule_id"], f["status"]) for f in report["findings"]]


def decided(report: dict) -> dict:
    """What the check decided, without what the rendering adds (sign-off time and user, basis texts from
    the library, warnings about them): equal for every run of one deal."""
    fields = ("rule_id", "status", "severity", "title", "title_zh", "pack", "explanation", "remediation", "facts",
              "missing")
    findings = [{k: f.get(k) for k in fields} | {"basis": [{k: b[k] for k in ("instrument", "article", "verification")}
                                                         for b in f["basis"]]} for f in report["findings"]]
    keep = ("deal_id", "deal_name", "as_of", "packs", "summary", "not_applicable", "subsidies")
    return {k: report.get(k) for k in keep} | {"verdict": checked_verdict(report.get("verdict", "")), "findings": findings}


def html_outcomes(verdict_html: str, findings_html: str) -> tuple[str, list[tuple[str, str]]]:
    """Verdict and (rule, status) pairs as the Check tab shows them."""
    verdict = re.search(r'ipabs-verdict v-(\w+)" id="check-verdict"', verdict_html or "")
    return (checked_verdict(verdict.group(1)) if verdict else f"(no verdict: {(verdict_html or '')[:160]!r})",
            re.findall(r'data-rule="([^"]+)" data-status="([^"]+)"', findings_html or ""))


def file_url(update) -> str:
    value = update.get("value") if isinstance(update, dict) else None
    if not isinstance(value, dict) or not value.get("url"):
        raise AssertionError(f"no report download in {str(update)[:200]}")
    return value["url"]


def check(c, deal: Deal, recorder: Recorder) -> None:
    status, verdict, findings, _subsidies, _md, _html, report_json, *_pdf = call(c, deal.text, "", api_name="/check")
    if status:
        raise AssertionError(f"{deal.name}: the check reported a problem: {re.sub(r'<[^>]+>', ' ', status)[:300]}")
    shown = html_outcomes(verdict, findings)
    if shown != outcomes(deal.expected):
        recorder.mismatch(f"{deal.name}: page shows {shown}, serial {outcomes(deal.expected)}")
    with urllib.request.urlopen(file_url(report_json), timeout=30) as resp:
        downloaded = json.loads(resp.read().decode("utf-8"))
    if decided(downloaded) != decided(deal.expected):
        diff = [k for k in decided(deal.expected) if decided(downloaded).get(k) != decided(deal.expected)[k]]
        recorder.mismatch(f"{deal.name}: JSON report differs from the serial one in {diff}")


def upload(c, folder: Path, n: int, recorder: Recorder) -> None:
    """A small generated law, new bytes each time, alternating Markdown and plain text."""
    from gradio_client import handle_file

    tag = uuid.uuid4().hex[:8]
    if n % 2:
        path = folder / f"load-{n}-{tag}.md"
        path.write_text(f"# 负载测试条例第{n}号（{tag}）\n\n第一条 为测试并发导入，制定本条例（编号{tag}）。\n\n"
                        f"第二条 专利权质押应当办理登记，登记编号为{n}。\n\n第三条 本条例自发布之日起施行。\n",
                        encoding="utf-8")
    else:
        path = folder / f"load-{n}-{tag}.txt"
        path.write_text(f"Load Test Regulation No. {n} ({tag})\n\nArticle 1 This regulation exists to test "
                        f"concurrent ingestion ({tag}).\n\nArticle 2 A licence fee pool must be audited yearly, "
                        f"audit number {n}.\n", encoding="utf-8")
    results, *_ = call(c, [handle_file(str(path))], "", "", "", "", "", "", "", "", False,
                       api_name="/library_upload")
    row = re.search(r'st-(\w+)">\w+</span></td><td>[^<]*</td><td>([0-9a-f]{12})</td>', results or "")
    if not row or row.group(1) != "added":
        raise AssertionError(f"{path.name} was not added: {re.sub(r'<[^>]+>', ' ', results or '')[:300]}")
    recorder.uploaded(row.group(2))


# ---------------------------------------------------------------- the run


@dataclass
class LoadConfig:
    seconds: float = 60
    askers: int = 20
    checkers: int = 4
    uploaders: int = 1


@dataclass
class ActionStats:
    action: str
    count: int
    errors: int
    p50: float
    p95: float
    max: float
    per_s: float
    baseline_p50: float

    @property
    def ratio(self) -> float:
        return self.p50 / self.baseline_p50 if self.baseline_p50 else float("nan")


@dataclass
class LoadResult:
    config: LoadConfig
    elapsed: float
    stats: list[ActionStats]
    errors: list[str]          # distinct request errors, with their counts
    mismatches: list[str]
    server_errors: list[str]   # errors and tracebacks in the server log
    server_alive: bool
    missing_uploads: list[str]
    server_cpu: float          # cores the server used on average during the load
    driver_cpu: float          # cores this process (the simulated users) used

    @property
    def ok(self) -> bool:
        return (not self.errors and not self.mismatches and not self.server_errors and self.server_alive
                and not self.missing_uploads and all(s.count for s in self.stats))


def user_loop(deadline: float, recorder: Recorder, action: str, step: Callable[[int], None]) -> None:
    for n in itertools.count(1):
        if time.monotonic() >= deadline:
            return
        timed(recorder, action, lambda n=n: step(n))


def baseline(url: str, deals: list[Deal], folder: Path, recorder: Recorder) -> dict[str, float]:
    """Unloaded p50 per action: one user, one request at a time (after one untimed warm-up each)."""
    c = client(url)
    ask(c, QUESTIONS[0])
    check(c, deals[0], recorder)
    serial = Recorder()
    for q in QUESTIONS:
        timed(serial, "ask", lambda q=q: ask(c, q))
    for deal in deals:
        timed(serial, "check", lambda deal=deal: check(c, deal, recorder))
    for n in (-1, -2, -3):
        timed(serial, "upload", lambda n=n: upload(c, folder, n, recorder))
    failed = [f"baseline {s.action}: {s.error}" for s in serial.samples if s.error]
    if failed:
        raise RuntimeError("the unloaded requests already fail:\n" + "\n".join(failed))
    return {a: statistics.median(s.seconds for s in serial.samples if s.action == a) for a in ACTIONS}


def run_load(config: LoadConfig, out: Callable[[str], None] = print) -> LoadResult:
    """Start a server, measure the unloaded baseline, run the load until the time is up, stop the server."""
    deals = serial_deals()
    with tempfile.TemporaryDirectory(prefix="ipabs-bench-load-") as tmp_name:
        tmp = Path(tmp_name)
        files = tmp / "uploads"
        files.mkdir()
        t0 = time.monotonic()
        served = start(tmp)
        out(f"server up after {time.monotonic() - t0:.1f}s at {served.url} (log {served.log})")
        try:
            recorder = Recorder()
            base = baseline(served.url, deals, files, recorder)
            out("unloaded p50: " + ", ".join(f"{a} {v * 1000:.0f} ms" for a, v in base.items()))
            users = _users(served.url, config, deals, files, recorder)
            out(f"{len(users)} users for {config.seconds:g}s: {config.askers} askers, {config.checkers} checkers, "
                f"{config.uploaders} uploader(s)")
            pids = (served.proc.pid, os.getpid())   # the server and the simulated users
            before = [_cpu(pid) for pid in pids]
            elapsed = _drive(users, config.seconds, recorder)
            cpu = tuple((_cpu(pid) - b) / elapsed for pid, b in zip(pids, before))
            listed = _listing(served.url)
            missing = [d for d in recorder.uploads if d not in listed]
            up = alive(served)
        finally:
            stop(served.proc)
        server_errors = server_problems(served.log) if served.log.exists() else ["server log missing"]
        return _result(config, elapsed, recorder, base, server_errors, up, missing, cpu)


def _users(url: str, config: LoadConfig, deals: list[Deal], files: Path, recorder: Recorder) -> list:
    """(action, step) per user, each with its own client; built before the clock starts."""
    users = []
    for i in range(config.askers):
        c, rng = client(url), random.Random(i)
        users.append(("ask", lambda n, c=c, rng=rng: ask(c, rng.choice(QUESTIONS))))
    for i in range(config.checkers):
        c, order = client(url), deals[i % len(deals):] + deals[:i % len(deals)]   # users start on different deals
        users.append(("check", lambda n, c=c, order=order: check(c, order[n % len(order)], recorder)))
    counter = itertools.count(1)
    for _ in range(config.uploaders):
        c = client(url)
        users.append(("upload", lambda n, c=c: upload(c, files, next(counter), recorder)))
    return users


def _drive(users: list, seconds: float, recorder: Recorder) -> float:
    """Every user in its own thread until the deadline; requests in flight finish (bounded by their timeout)."""
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=user_loop, args=(deadline, recorder, action, step), daemon=True,
                                name=f"load-{action}-{i}") for i, (action, step) in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + REQUEST_TIMEOUT_S + 30)
    stuck = [t.name for t in threads if t.is_alive()]
    if stuck:
        recorder.add(Sample("driver", 0.0, f"threads still running after the deadline: {stuck}"))
    return time.monotonic() - started


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def _listing(url: str) -> str:
    """The library listing (superseded versions included) as the Library tab shows it."""
    html, _ = call(client(url), "", True, api_name="/library_list")
    return html


def _result(config: LoadConfig, elapsed: float, rec: Recorder, base: dict[str, float],
            server_errors: list[str], up: bool, missing: list[str], cpu: tuple[float, float]) -> LoadResult:
    stats = []
    for action in ACTIONS:
        ok = [s.seconds for s in rec.samples if s.action == action and not s.error]
        errors = sum(1 for s in rec.samples if s.action == action and s.error)
        stats.append(ActionStats(action, len(ok) + errors, errors, percentile(ok, 0.5), percentile(ok, 0.95),
                                 max(ok, default=float("nan")), len(ok) / elapsed, base[action]))
    counts: dict[str, int] = {}
    for s in rec.samples:
        if s.error:
            counts[f"{s.action}: {s.error}"] = counts.get(f"{s.action}: {s.error}", 0) + 1
    return LoadResult(config, elapsed, stats, [f"{n}x {e}" for e, n in counts.items()], rec.mismatches,
                      server_errors, up, missing, *cpu)


def report(result: LoadResult) -> str:
    lines = [f"{'action':<8}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'per s':>8}"
             f"{'unloaded p50':>14}{'p50 ratio':>11}"]
    for s in result.stats:
        lines.append(f"{s.action:<8}{s.count:>7}{s.errors:>8}{s.p50 * 1000:>9.0f}{s.p95 * 1000:>9.0f}"
                     f"{s.max * 1000:>9.0f}{s.per_s:>8.2f}{s.baseline_p50 * 1000:>11.0f} ms{s.ratio:>10.1f}x")
    total = sum(s.count for s in result.stats)
    lines.append(f"total {total} requests in {result.elapsed:.1f}s ({total / result.elapsed:.2f}/s); "
                 f"check mismatches {len(result.mismatches)}; server errors {len(result.server_errors)}; "
                 f"server alive {result.server_alive}; uploads missing from the library {len(result.missing_uploads)}")
    lines.append(f"CPU during the load: server {result.server_cpu:.2f} cores, "
                 f"load driver {result.driver_cpu:.2f} cores (of {os.cpu_count()})")
    lines += [f"ERROR {e}" for e in result.errors[:10]]
    lines += [f"MISMATCH {m}" for m in result.mismatches[:10]]
    lines += [f"SERVER {e}" for e in result.server_errors[:10]]
    lines += [f"MISSING upload {d}" for d in result.missing_uploads[:10]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the load runs (default 60)")
    parser.add_argument("--askers", type=int, default=20)
    parser.add_argument("--checkers", type=int, default=4)
    parser.add_argument("--uploaders", type=int, default=1)
    args = parser.parse_args()
    result = run_load(LoadConfig(args.seconds, args.askers, args.checkers, args.uploaders),
                      out=lambda line: print(line, flush=True))
    print(report(result))
    import psutil

    print(f"load average: {' '.join(f'{x:.2f}' for x in psutil.getloadavg())} (2 shared cores: compare ratios, "
          "not absolute times)")
    print(json.dumps({"ok": result.ok, "seconds": round(result.elapsed, 1),
                      **{f"{s.action}_{k}": round(v, 3) for s in result.stats
                         for k, v in (("count", s.count), ("errors", s.errors), ("p50_s", s.p50), ("p95_s", s.p95),
                                      ("per_s", s.per_s), ("ratio", s.ratio))}}))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
