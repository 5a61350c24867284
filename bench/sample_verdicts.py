"""Prints each sample's verdict and non-passing rules, as `ipabs check --format json` reports them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rules.samples import list_samples

CLI = Path(sys.executable).with_name("ipabs")


def check(path: Path) -> dict:
    run = subprocess.run([str(CLI), "check", str(path), "--format", "json"], capture_output=True,
                         text=True, env=os.environ)
    return json.loads(run.stdout)


def main() -> None:
    rows = {}
    for sample in list_samples():
        report = check(sample.path)
        bad = [f"{f['rule_id']}:{f['status']}" for f in report["findings"] if f["status"] != "pass"]
        rows[sample.name] = {"verdict": report["verdict"], "not_passing": bad,
                             "not_applicable": report["not_applicable"],
                             "subsidies": {s["programme"]: [s["eligible"], s["estimated_amount"]]
                                           for s in report["subsidies"]}}
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
