"""The ``policygraph`` command line: each subcommand is a thin shell over a stage's functions."""
from __future__ import annotations

import typer

from .commands import answers, bench, extract, graph, ontology, serve, viz

app = typer.Typer(help="PolicyGraph: a knowledge graph of Chinese health policy.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)


@app.callback()
def main() -> None:
    """PolicyGraph: a knowledge graph of Chinese health policy."""


for module in (extract, graph, answers, ontology, serve, bench, viz):
    module.register(app)

if __name__ == "__main__":
    app()
