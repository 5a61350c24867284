"""The app's theme and CSS: status colours, citation and finding blocks, readable legal text."""
from __future__ import annotations

import gradio as gr


def theme() -> gr.themes.Base:
    # System fonts only: the app runs offline, so no web-font downloads.
    fonts = ["Inter", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "system-ui", "sans-serif"]
    return gr.themes.Default(primary_hue="indigo", neutral_hue="slate", radius_size="sm", font=fonts,
                             font_mono=["JetBrains Mono", "Menlo", "monospace"])


CSS = """
.ipabs-header { display:flex; justify-content:space-between; align-items:baseline; gap:1rem; flex-wrap:wrap; }
.ipabs-header h1 { font-size:1.35rem; margin:0; }
.ipabs-header .who { color:var(--body-text-color-subdued); font-size:.9rem; }
.ipabs-muted { color:var(--body-text-color-subdued); font-size:.9rem; padding:.5rem 0; }
.ipabs-notice { border-radius:6px; padding:.6rem .8rem; margin:.3rem 0; border:1px solid; }
.ipabs-notice ul { margin:.3rem 0 0 1.2rem; }
.ipabs-info  { background:#eef2ff; border-color:#c7d2fe; color:#1e1b4b; }
.ipabs-ok    { background:#ecfdf5; border-color:#a7f3d0; color:#064e3b; }
.ipabs-warn  { background:#fffbeb; border-color:#fcd34d; color:#78350f; }
.ipabs-error { background:#fef2f2; border-color:#fca5a5; color:#7f1d1d; }
.ipabs-sources-q { font-weight:600; margin-bottom:.4rem; }
details.ipabs-cite, details.ipabs-finding, details.ipabs-rule, details.ipabs-doc {
  border:1px solid var(--border-color-primary); border-radius:6px; margin:.35rem 0; background:var(--background-fill-primary); }
details.ipabs-cite > summary, details.ipabs-finding > summary, details.ipabs-rule > summary, details.ipabs-doc > summary {
  cursor:pointer; padding:.45rem .6rem; list-style-position:inside; }
details[open] > summary { border-bottom:1px solid var(--border-color-primary); }
.ipabs-cite-n { font-weight:700; color:var(--color-accent); }
.ipabs-cite-meta { font-size:.82rem; color:var(--body-text-color-subdued); padding:.35rem .6rem 0; }
.ipabs-passage, .ipabs-basis-text { padding:.5rem .7rem; line-height:1.7; white-space:normal; font-size:.95rem; }
.ipabs-passage mark, .ipabs-basis-text mark { background:#fde68a; color:inherit; padding:0 .1em; }
.ipabs-body { padding:.4rem .7rem .7rem; }
.ipabs-body h4 { margin:.6rem 0 .2rem; font-size:.9rem; text-transform:uppercase; letter-spacing:.03em;
  color:var(--body-text-color-subdued); }
.ipabs-basis { border-left:3px solid #a5b4fc; margin:.4rem 0; padding:.2rem .6rem; background:var(--background-fill-secondary); }
.ipabs-basis-missing { border-left-color:#fcd34d; }
.ipabs-status { display:inline-block; min-width:6.5em; text-align:center; border-radius:4px; padding:.05rem .4rem;
  font-size:.78rem; font-weight:700; text-transform:uppercase; margin-right:.5rem; }
.st-fail { background:#dc2626; color:#fff; }
.st-warn { background:#f59e0b; color:#1f1300; }
.st-not_evaluable { background:#94a3b8; color:#0f172a; }
.st-pass { background:#16a34a; color:#fff; }
.st-eligible { background:#16a34a; color:#fff; }
.st-undecided, .st-not { background:#94a3b8; color:#0f172a; }
.st-added { background:#16a34a; color:#fff; }
.st-unchanged { background:#94a3b8; color:#0f172a; }
.st-superseded { background:#6366f1; color:#fff; }
.st-failed { background:#dc2626; color:#fff; }
details.ipabs-finding.f-fail { border-left:5px solid #dc2626; }
details.ipabs-finding.f-warn { border-left:5px solid #f59e0b; }
details.ipabs-finding.f-not_evaluable { border-left:5px solid #94a3b8; }
details.ipabs-finding.f-pass { border-left:5px solid #16a34a; }
.ipabs-sev { font-size:.78rem; color:var(--body-text-color-subdued); margin-left:.4rem; }
.ipabs-rid { font-family:var(--font-mono); font-size:.8rem; color:var(--body-text-color-subdued); margin-left:.4rem; }
.ipabs-verdict { font-size:1.05rem; font-weight:700; border-radius:6px; padding:.6rem .8rem; margin:.2rem 0 .5rem; }
.v-blocked { background:#fef2f2; color:#991b1b; border:1px solid #fca5a5; }
.v-blocked_unverified { background:#fff7ed; color:#9a3412; border:1px solid #fdba74; }
.v-conditional { background:#fffbeb; color:#92400e; border:1px solid #fcd34d; }
.v-clear { background:#ecfdf5; color:#065f46; border:1px solid #a7f3d0; }
.ipabs-counts { display:flex; flex-wrap:wrap; gap:.2rem .8rem; }
.ipabs-counts span { font-size:.9rem; white-space:nowrap; }
#ask-mode label:has(input:disabled:not(:checked)) { opacity:.45; cursor:not-allowed; }
table.ipabs-table { border-collapse:collapse; width:100%; font-size:.9rem; margin:.3rem 0; }
table.ipabs-table th, table.ipabs-table td { border:1px solid var(--border-color-primary); padding:.3rem .5rem; text-align:left;
  vertical-align:top; }
table.ipabs-table th { background:var(--background-fill-secondary); }
tr.row-fail td:first-child { border-left:4px solid #dc2626; }
tr.row-changed td { background:#fffbeb; }
.ipabs-chunk { border-bottom:1px dashed var(--border-color-primary); padding:.4rem 0; }
.ipabs-chunk .lbl { font-weight:600; font-size:.85rem; color:var(--color-accent); }
details.ipabs-passed { margin-top:.6rem; }
details.ipabs-passed > summary, details.ipabs-facts > summary { cursor:pointer; font-weight:600; padding:.4rem 0;
  color:var(--body-text-color-subdued); }
a.ipabs-src { word-break:break-all; }
.ipabs-pre { white-space:pre-wrap; font-family:var(--font-mono); font-size:.82rem; }
"""
