"""PolicyGraph HTTP API and command line."""
