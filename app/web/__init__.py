"""The Gradio web app (`ipabs serve`): Ask, Check, Library and Rules tabs behind optional login."""
