"""special rules."""
RULES: list = []
