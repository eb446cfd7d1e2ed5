"""Serving the app: the ASGI front for `kg serve` (:mod:`.asgi`), which answers one-pattern
lookups on the event loop and hands every other request to the Flask app in a thread
pool. Depends on :mod:`web.endpoints`."""
