"""rights rules."""
RULES: list = []
