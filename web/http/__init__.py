"""HTTP plumbing every view shares: the app's store and settings for a request
(:mod:`.context`), the SPARQL protocol's pieces (time limits, ETags, CORS, the response
of an RDF body: :mod:`.protocol`), and the one error handler that turns every error into
the same JSON shape or an error page (:mod:`.errors`). Depends on :mod:`kg` only."""
