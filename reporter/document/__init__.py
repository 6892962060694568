"""The document layer: house style writer, default templates, rendering, drafts and PDF."""
