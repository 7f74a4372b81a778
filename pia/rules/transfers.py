"""transfers rules."""
RULES: list = []
