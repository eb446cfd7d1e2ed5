"""kg.store.remote."""
