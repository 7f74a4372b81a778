"""security rules."""
RULES: list = []
