"""Deal model, rule packs, durable_rules engine, findings and reports (never imports kb).

Public API: rules.deal_io.load_deal_file / parse_deal, rules.deal.DealError, rules.engine.Checker (Checker.default().check),
rules.report.render, rules.whatif.apply_changes / diff_reports, rules.packs.load_packs,
rules.samples.list_samples.
"""
