"""tracking rules."""
RULES: list = []
