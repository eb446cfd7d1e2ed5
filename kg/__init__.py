"""Space KG: a knowledge graph of the world's space programs.

The library: settings, stores (embedded Oxigraph or any SPARQL 1.1 endpoint), the
bundled ontology and facts, named queries. It never imports Flask, pyvis or `web`.
"""

__version__ = "0.1.0"
