"""jieba's words read from the on-disk table cut text exactly as the loaded dictionary does."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    "发明专利权的期限是多久？", "知识产权质权什么时候设立？", "注册商标专用权质押登记需要提交哪些材料？",
    "资产支持证券的基础资产应当符合什么条件？", "中华人民共和国民法典第四百四十四条规定以著作权中的财产权出质的，质权自办理出质登记时设立。",
    "浦东新区知识产权保护有哪些特别规定？ patent 2021年6月1日 第42条", "龘靐齉爩 未登录词 区块链知识产权证券化",
]

# A fresh interpreter: cut TEXTS through the table, then (switched) the same TEXTS again after enough lookups
# that the full dictionary loads, then with jieba's own loaded dictionary; print what each gave.
PROBE = """
import json, sys, time, jieba
from kb import jieba_lookup
jieba_lookup.BULK_LOOKUPS = 200
texts = json.loads(sys.argv[1])
jieba_lookup.install()
table = type(jieba.dt.FREQ).__name__
lazy = [list(jieba.cut_for_search(t)) for t in texts]
for _ in range(100):
    if isinstance(jieba.dt.FREQ, dict):
        break
    list(jieba.cut_for_search("".join(texts) + str(_)))
    time.sleep(0.05)
switched = isinstance(jieba.dt.FREQ, dict)
after = [list(jieba.cut_for_search(t)) for t in texts]
jieba.dt.initialized, jieba.dt.FREQ = False, {}
jieba.initialize()
full = [list(jieba.cut_for_search(t)) for t in texts]
print(json.dumps({"table": table, "switched": switched, "lazy": lazy, "after": after, "full": full}))
"""


def test_the_table_cuts_like_the_dictionary_and_hands_over_to_it_in_bulk():
    import json

    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(TEXTS)], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["table"] == "FrequencyTable"
    assert result["lazy"] == result["full"]
    assert result["switched"] and result["after"] == result["full"]
