"""minimisation rules."""
RULES: list = []
