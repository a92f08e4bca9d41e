"""The executable-docs runner: page model and pytest plugin."""
