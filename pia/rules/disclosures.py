"""disclosures rules."""
RULES: list = []
