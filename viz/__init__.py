"""PolicyGraph interactive visualisations."""
