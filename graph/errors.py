"""The errors a user can act on, by kind: each says in one line what and where, and carries the
exit code of the command and the HTTP status of the endpoint that report it."""

from __future__ import annotations


class PeacegraphError(Exception):
    """An error a user can act on: one line that names the file (and line) at fault."""

    exit_code = 1
    http_status = 400


class SparqlSyntaxError(PeacegraphError):
    """A query that does not parse: its line, column, the token found and what was expected."""


class QueryRefused(PeacegraphError):
    """A query peacegraph will not run: an UPDATE, or one that would make it fetch a URL (SERVICE)."""


class QueryTimeout(PeacegraphError):
    """A query stopped when its time was up."""

    http_status = 503


class ResultTooLarge(PeacegraphError):
    """A result with more rows than allowed."""

    http_status = 413


class ServerBusy(PeacegraphError):
    """Every query slot of the endpoint is taken: ask again after `retry_after` seconds."""

    http_status = 503

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class NotFound(PeacegraphError):
    """A name (actor, saved query, parameter value) that the graph does not hold."""

    http_status = 404


class StoreLocked(PeacegraphError):
    """The store is being written by another peacegraph process."""

    http_status = 503


class StoreBaseMismatch(PeacegraphError):
    """A build with a base IRI other than the one the store was built with."""


__all__ = ["PeacegraphError", "SparqlSyntaxError", "QueryRefused", "QueryTimeout", "ResultTooLarge", "ServerBusy",
           "NotFound", "StoreLocked", "StoreBaseMismatch"]
