"""A SPARQL 1.1 Protocol endpoint over the store (Flask): read-only, local by default, with a time
and a size limit, and a small page to type a query or pick a saved one.

    GET  /sparql?query=…             POST /sparql (form: query=…, or body: application/sparql-query)
    Accept: application/sparql-results+json (default) | +xml | text/csv | text/tab-separated-values
            text/turtle for CONSTRUCT and DESCRIBE
    GET  /queries                    the saved queries, as JSON
    GET  /                           the query page (served from the package; no CDN)

At most `slots` queries run at once (each in its own child process on the default store): a query
that finds them all taken gets a 503 with Retry-After at once, so that memory stays flat however
many clients ask together.
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path

from .errors import PeacegraphError, ServerBusy

FORMATS = {  # media type → our result format
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
}
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle"}


def default_slots() -> int:
    """Queries run at once by default: one per core (each may take a core and its memory)."""
    return max(2, os.cpu_count() or 1)


def create_app(store, queries_dir: Path, timeout: float = 10.0, max_rows: int = 10_000, slots: int | None = None):
    """The Flask application serving `store`, running at most `slots` queries at once."""
    from flask import Flask, Response, jsonify, request

    from .queries import bind_params, format_result, load_saved, run_with_timeout

    app = Flask(__name__, static_folder=None)
    page = (Path(__file__).parent / "static" / "sparql_page.html").read_text(encoding="utf-8")
    slots = slots or default_slots()
    pool = threading.BoundedSemaphore(slots)
    retry_after = max(1, math.ceil(timeout))  # by then the query in every slot has ended

    def fail(status: int, message: str, headers: dict | None = None):
        return Response(message + "\n", status=status, mimetype="text/plain", headers=headers)

    @app.get("/")
    def index():
        return Response(page, mimetype="text/html", headers={
            "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"})

    @app.get("/queries")
    def saved():
        try:
            library = load_saved(queries_dir)
        except PeacegraphError as e:
            return fail(500, str(e))
        return jsonify([{"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                         "params": [{"name": p.name, "kind": p.kind, "default": p.default} for p in q.params]}
                        for q in library.values()])

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        if "update" in request.values:
            return fail(400, "this endpoint is read-only: SPARQL UPDATE is refused")
        if request.method == "POST" and request.mimetype == "application/sparql-query":
            text = request.get_data(as_text=True)
        elif request.method == "POST" and request.mimetype == "application/sparql-update":
            return fail(400, "this endpoint is read-only: SPARQL UPDATE is refused")
        else:
            text = request.values.get("query", "")
        saved_query = None
        if request.values.get("saved"):  # a saved question, its parameters bound by kind
            library = load_saved(queries_dir)
            saved_query = library.get(request.values["saved"])
            if saved_query is None:
                return fail(404, f"no saved query named {request.values['saved']!r}")
            text = saved_query.text
        if not text.strip():
            return fail(400, "no query: send query=… (GET or form POST) or an application/sparql-query body")
        best = request.accept_mimetypes.best_match(list(FORMATS), default="application/sparql-results+json")
        fmt = FORMATS[best] if request.accept_mimetypes else "json"
        fmt = request.values.get("format", fmt)
        if fmt not in MEDIA:
            return fail(406, f"unknown format {fmt!r} (one of {', '.join(MEDIA)})")
        params = {k[len("param."):]: v for k, v in request.values.items() if k.startswith("param.")}
        if not pool.acquire(blocking=False):
            e = ServerBusy(f"every query slot ({slots}) is taken; ask again in {retry_after} s",
                           retry_after)
            return fail(e.http_status, str(e), {"Retry-After": str(e.retry_after)})
        try:
            bindings = bind_params(saved_query, params, store) if params or saved_query else {}
            result = run_with_timeout(store, text, bindings, None, timeout, max_rows)
            if result.kind == "graph" and fmt != "turtle":
                fmt = "turtle"
            elif result.kind != "graph" and fmt == "turtle":
                fmt = "json"
            body = format_result(result, fmt)
        except PeacegraphError as e:
            return fail(e.http_status, str(e))
        finally:
            pool.release()
        return Response(body, mimetype=MEDIA[fmt], headers={"Cache-Control": "no-store"})

    return app


def serve(store, queries_dir: Path, host: str = "127.0.0.1", port: int = 7879, timeout: float = 10.0,
          max_rows: int = 10_000, slots: int | None = None) -> None:
    """Serve until interrupted (werkzeug's threaded server, for a desk or a small team)."""
    from werkzeug.serving import make_server

    app = create_app(store, queries_dir, timeout, max_rows, slots)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as e:
        raise PeacegraphError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    server.serve_forever()
