"""Consoles shared by the CLI subcommands."""
from rich.console import Console

out = Console()
err = Console(stderr=True)
