"""Widgets and dialogs of the scoring and awards pages."""
