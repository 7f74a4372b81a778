"""storage rules."""
RULES: list = []
