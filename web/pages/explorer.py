"""The explorer's shared pieces: the label language, entity URLs, and registering the
explorer's blueprints (entity pages, graph views, search, path finder)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask, Response, request

from kg.explore.labels import LANG_NAMES, LANGS
from web.http.context import settings

LANG_COOKIE = "kg_lang"


def current_lang() -> str:
    """``?lang=`` when given and known, else the cookie, else English."""
    asked = request.args.get("lang", "")
    if asked in LANGS:
        return asked
    saved = request.cookies.get(LANG_COOKIE, "")
    return saved if saved in LANGS else "en"


def entity_url(iri: str) -> str:
    """The explorer's page for ``iri``: ``/id/...`` under the base IRI, else ``/entity``."""
    base = settings().base_iri
    if iri.startswith(base) and len(iri) > len(base) and "?" not in iri and "#" not in iri:
        return "/id/" + quote(iri[len(base):], safe="/:@!$&'()*+,;=-._~")
    return "/entity?" + urlencode({"iri": iri})


def lang_url(code: str) -> str:
    """The current page with ``lang=code``."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return request.path + "?" + urlencode(args, doseq=True)


def _remember_lang(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in LANGS and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def register(app: Flask) -> None:
    from web.pages import browse, graphs

    app.register_blueprint(browse.bp)
    app.register_blueprint(graphs.bp)
    app.after_request(_remember_lang)

    @app.template_filter("http_only")
    def http_only(url: object) -> str:
        """A link target only when it is http(s): a source's URL is data, and a
        ``javascript:`` URL in an href would run when clicked."""
        text = str(url or "")
        return text if text.lower().startswith(("http://", "https://")) else ""

    @app.context_processor
    def explorer_helpers() -> dict[str, object]:
        return {"lang": current_lang(), "langs": LANG_NAMES, "lang_url": lang_url,
                "entity_url": entity_url}
