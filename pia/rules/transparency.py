"""transparency rules."""
RULES: list = []
