"""kg.explore."""
