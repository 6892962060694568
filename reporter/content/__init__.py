"""The content layer: numbering, phrasing, text clean-up, template context and the yearly cycle."""
