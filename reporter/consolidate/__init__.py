"""Consolidate departments' submissions: roster, reading files, metric sums, summary tables and merged.yaml."""
