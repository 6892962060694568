"""The `reporter` command line, a thin layer over reporter.api."""
