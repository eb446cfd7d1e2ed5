"""One exception hierarchy for the whole library.

Every error a person can cause or fix is a :class:`KgError`. Each class carries an
HTTP status (used by the web shell's single error handler) and a short machine code
(used in the JSON error shape). Messages say what went wrong and what to do about it.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class: an error a user can act on."""

    status = 500
    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"error": self.code, "message": self.message}
        if self.hint:
            out["hint"] = self.hint
        return out


class ConfigError(KgError):
    """A setting has a bad value, or a config file cannot be read."""

    code = "config"


class StoreError(KgError):
    """The store cannot be opened, read or written."""

    status = 503
    code = "store"


class ReadOnlyError(KgError):
    """A write was asked of a store or server that only reads."""

    status = 403
    code = "read_only"


class AuthError(KgError):
    """A write arrived without the right bearer token."""

    status = 401
    code = "unauthorized"


class ForbiddenError(KgError):
    """The request is understood but not allowed (wrong token, blocked host)."""

    status = 403
    code = "forbidden"


class NotFoundError(KgError):
    status = 404
    code = "not_found"


class BadRequestError(KgError):
    """A request is malformed in a way that is not a syntax error."""

    status = 400
    code = "bad_request"


class UnsupportedFormatError(KgError):
    """A format or media type the tool cannot produce or read."""

    status = 406
    code = "unsupported_format"


class LocatedError(KgError):
    """An error at a place in a text: file (or 'query'), line and column (1-based)."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        where = ":".join(str(p) for p in (source, line, column) if p is not None)
        super().__init__(f"{where}: {message}" if where else message, hint=hint)
        self.detail = message

    def to_dict(self) -> dict[str, object]:
        out = super().to_dict()
        out.update({"source": self.source, "line": self.line, "column": self.column})
        return out


class QuerySyntaxError(LocatedError):
    """A SPARQL query or update does not parse."""

    code = "query_syntax"


class RdfSyntaxError(LocatedError):
    """An RDF document (Turtle, TriG, ...) does not parse."""

    code = "rdf_syntax"


class ValidationError(KgError):
    """Data violates the SHACL shapes; ``violations`` lists them in words."""

    status = 422
    code = "validation"

    def __init__(self, message: str, violations: list[str], *, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.violations = violations

    def to_dict(self) -> dict[str, object]:
        out = super().to_dict()
        out["violations"] = self.violations
        return out


class QueryEvaluationError(KgError):
    """A query or update parses but the engine cannot carry it out as asked (an unknown
    function, DROP GRAPH of a graph that does not exist, CREATE GRAPH of one that does)."""

    status = 400
    code = "evaluation"


class QueryTimeoutError(KgError):
    """A query ran past its time limit and was stopped."""

    status = 503
    code = "timeout"


class QueryRejectedError(KgError):
    """A query asks for something the server does not allow (SERVICE, LOAD, ...)."""

    status = 403
    code = "rejected"


class TooLargeError(KgError):
    status = 413
    code = "too_large"


class UnsupportedMediaTypeError(UnsupportedFormatError):
    """A request body arrives in a media type (or charset) the endpoint does not read."""

    status = 415
    code = "unsupported_media_type"
