"""The `reporter` command line, a thin layer over reporter.api."""

import os

# pydantic looks for plugins (observability hooks) by scanning every installed package's entry
# points on the first model: a cost on every command for something a command line never uses.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
