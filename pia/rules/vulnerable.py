"""vulnerable rules."""
RULES: list = []
