"""CLI, Gradio UI, settings, auth and audit: the only place that ties ingest, kb and rules together."""
