"""The security headers every response carries: pages, JSON, the SPARQL endpoint, static
files, errors and 304s.

The pages run no inline script and no ``eval`` (their JS is in ``web/static``; data for it
is in ``data-*`` attributes or ``<script type="application/json">`` blocks), so the policy
allows scripts from this origin only. Each source, and why it is there:

- ``default-src 'self'``: anything not named below (fonts, manifests, workers) from here only.
- ``script-src 'self'``: ``web/static`` and the vendored vis-network; no inline, no eval.
- ``style-src 'self'``: the stylesheets in ``web/static``. Styles that script sets through
  the DOM (vis-network, the graph legend's colours) are CSSOM, which CSP does not block.
- ``img-src 'self' data:``: the favicon, and vis-network.css's navigation buttons, which
  are ``data:`` PNGs (vis-network also draws its graph on a canvas, which needs nothing).
- ``connect-src 'self'``: the graph JSON, autocomplete, load and undo requests.
- ``object-src 'none'``, ``base-uri 'none'``: no plugins; no ``<base>`` to re-point links.
- ``form-action 'self'``: forms (search, query, load, timeline) post or get here only.
- ``frame-ancestors 'none'`` (and ``X-Frame-Options: DENY`` for older browsers): no page
  can be framed, so none can be clickjacked.

:data:`SECURITY_HEADERS` is also sent by :mod:`web.endpoints.fast_query`, which answers
some ``GET /sparql`` without Flask (and, through it, by :mod:`web.serve.asgi`).
"""

from __future__ import annotations

from flask import Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

#: (name, value) pairs sent with every response.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)


def add_security_headers(response: Response) -> Response:
    """``app.after_request(add_security_headers)``: set the headers, replacing any a view set."""
    for name, value in SECURITY_HEADERS:
        response.headers[name] = value
    return response
