"""kg.checks."""
