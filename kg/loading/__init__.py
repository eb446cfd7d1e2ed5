"""kg.loading."""
