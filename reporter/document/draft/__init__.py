"""Producing drafts from a template: rendering, package repair, properties, safe writing, PDF, summary tables."""
