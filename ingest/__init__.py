"""Files to legal units to chunks with metadata (pure: no store, no UI)."""
