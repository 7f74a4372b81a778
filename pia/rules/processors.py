"""processors rules."""
RULES: list = []
