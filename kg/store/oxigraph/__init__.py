"""kg.store.oxigraph."""
