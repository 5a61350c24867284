"""Deal model, rule packs, durable_rules engine, findings and reports (never imports kb)."""
