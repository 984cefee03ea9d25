"""PolicyGraph graph stores, resolution and loading."""
