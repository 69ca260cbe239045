"""Opt-in autogenerate plugins, selected by name in ``autogenerate_plugins``."""
