"""The PolicyGraph ontology: classes, relations and allowed patterns, declared once."""
