"""profiling rules."""
RULES: list = []
