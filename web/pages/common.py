"""What every page shares: the label language (``?lang=`` and its cookie), the URL of an
entity's page, and the helpers templates use (``lang``, ``langs``, ``lang_url``,
``entity_url``, the ``http_only`` filter). :func:`web.create_app` registers the hooks."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Response, request

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


def remember_lang(response: Response) -> Response:
    """An ``after_request`` hook: a ``?lang=`` asked for is kept in a cookie."""
    asked = request.args.get("lang", "")
    if asked in LANGS and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def http_only(url: object) -> str:
    """A template filter: a link target only when it is http(s). A source's URL is data,
    and a ``javascript:`` URL in an href would run when clicked."""
    text = str(url or "")
    return text if text.lower().startswith(("http://", "https://")) else ""


def template_helpers() -> dict[str, object]:
    """A context processor: the language and URL helpers every template may use."""
    return {"lang": current_lang(), "langs": LANG_NAMES, "lang_url": lang_url,
            "entity_url": entity_url}
