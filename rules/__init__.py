"""Deal model, rule packs, durable_rules engine, findings and reports (never imports kb).

Public API: rules.deal_io.load_deal_file / parse_deal, rules.deal.DealError, rules.engine.Checker (Checker.default().check),
rules.report.render, rules.whatif.apply_changes / diff_reports, rules.packs.load_packs,
rules.samples.list_samples.
How a check runs: rules.facts (deal -> durable facts), rules.patterns (expressions -> durable
patterns), rules.engine (phases, chaining, verdict), rules.explain (findings and traces);
rules.oracle is the Python evaluator's check the engine is tested against.
"""
