"""The FastAPI application: JSON API and pages.

Handlers only parse the request, hand the work to :mod:`il6sim.web.tasks`
(in the worker pool) and send back what it returns. Bad input is answered
with HTTP 422 and ``{"problems": [{"where": ..., "message": ...}]}`` (the
lines ``il6sim`` prints for the same input); a body over the size limit
with 413; a full queue with 503 (and a Retry-After header); a job over the
time limit with 504.

>>> from fastapi.testclient import TestClient
>>> with TestClient(create_app()) as client:
...     client.get("/api/health").json()
{'status': 'ok'}
"""


import json
import logging
import math
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import tasks
from .pool import Busy, JobTimeout, WorkerFailed, WorkerPool

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
PAGES = {"/": "index.html", "/dose-response": "dose.html", "/routes": "routes.html", "/lab": "lab.html",
         "/api": "api.html"}
#: each page's link in the navigation bar at the top of every page
NAV_LABELS = {"/": "Protocol builder", "/dose-response": "Dose-response", "/routes": "Classic or trans in my cells?",
              "/lab": "Lab data", "/api": "API"}
#: what each page is for, as its link on the page-not-found page says
PAGE_TITLES = {"/": "Protocol builder: design and run a virtual experiment",
               "/dose-response": "Dose-response: EC50 and IC50 curves in one cell",
               "/routes": "Classic or trans in my cells?", "/lab": "Lab data: qPCR and densitometry tables",
               "/api": "JSON API"}
#: the API's endpoints and the one method each takes (another method gets 405 with this name)
API_METHODS = {"health": "GET", "presets": "GET", "protocols": "GET", "docs": "GET", "openapi.json": "GET",
               "run": "POST", "experiment": "POST", "figure": "POST", "protocol/yaml": "POST",
               "protocol/parse": "POST", "routes": "POST", "labdata": "POST", "dose-response": "POST",
               "dose-response/figure": "POST"}
#: the page that lists the endpoints without anything from the internet
OFFLINE_DOCS = "/api"
#: seconds a client told that the queue is full (503) is asked to wait before it tries again
RETRY_AFTER_S = 5
#: bodies of these content types are not JSON (a page's form, a file sent as itself): named when they do not parse
OTHER_BODIES = {"multipart/form-data": "a form with files", "application/x-www-form-urlencoded": "form fields",
                "text/csv": "a CSV file", "text/tab-separated-values": "a TSV file",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an XLSX workbook",
                "application/octet-stream": "a file's bytes"}
#: what an endpoint's JSON carries, where a body that is no JSON is refused
NOT_JSON_HINTS = {"/api/labdata": ", the table file base64-encoded in content_base64 with kind, control and the "
                                  "other settings"}
#: the keys of a figure request
FIGURE_KEYS = ("yaml", "protocol", "figure", "format", "uncertainty", "ensemble_size")


@dataclass(frozen=True)
class Settings:
    """Limits of the web app.

    ``max_body_bytes``: largest request body (a protocol is far smaller; a lab table upload,
    base64-encoded, at most ``max_upload_bytes``); ``timeout_s``: how long a request waits for
    its simulation; ``max_pending``: most jobs queued or running; ``workers``: worker processes
    (default: 2, or 1 on a one-core machine).
    """

    workers: int | None = None
    timeout_s: float = 60.0
    max_pending: int = 32
    max_body_bytes: int = 256_000
    max_upload_bytes: int = 3_000_000


#: the protocol the builder's editor starts with
START_PROTOCOL = "sgp130fc_inhibition"


def page_top(title: str, nav: str) -> str:
    """What every page has above its ``<main>``: the head (``il6sim: title``) and the header with ``nav``."""
    import html

    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>il6sim: {html.escape(title)}</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
            "<link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n<header>\n  <span class=\"brand\">il6sim</span>\n"
            f"  {nav}\n</header>")


def nav_bar(name: str) -> str:
    """The navigation bar of the page served from ``static/name``: a link to every page, this one marked."""
    return "<nav>" + "".join(
        f'<a href="{url}"' + (' class="here" aria-current="page"' if PAGES[url] == name else "") + f">{label}</a>"
        for url, label in NAV_LABELS.items()) + "</nav>"


def render_page(name: str, base_url: str = "http://127.0.0.1:8050") -> str:
    """A page from ``static/``, with the navigation bar and (the builder) the starting protocol's YAML put in;
    ``base_url`` (the address the page was asked for at) goes where the page writes ``{{BASE_URL}}`` (the API page's
    example, which named port 8050 whatever port the app was served on)."""
    import html

    from ..protocols import bundled_protocol_text

    text = (STATIC / name).read_text(encoding="utf-8")
    top = re.match(r"\{\{TOP (.+?)\}\}", text)
    if top is None:  # pragma: no cover - every page in static/ starts with it (tested)
        raise ValueError(f"static/{name} does not start with {{{{TOP title}}}}")
    text = page_top(top.group(1), nav_bar(name)) + text[top.end():]
    if "{{PROTOCOL_YAML}}" in text:
        text = text.replace("{{PROTOCOL_YAML}}", html.escape(bundled_protocol_text(START_PROTOCOL)))
    return text.replace("{{BASE_URL}}", html.escape(base_url.rstrip("/")))


def not_found_page(path: str) -> str:
    """The page for an address that is none of the pages: what was asked for and where the pages are."""
    import html

    links = "".join(f'<li><a href="{url}">{html.escape(title)}</a></li>' for url, title in PAGE_TITLES.items())
    return (page_top("page not found", nav_bar(""))
            + f"\n<main><h1>Page not found</h1><p class=\"lead\">There is no page at <code>{html.escape(path[:200])}"
            f"</code>. The pages are:</p><ul>{links}</ul></main></body></html>\n")


class BadRequest(Exception):
    def __init__(self, status: int, where: str, message: str) -> None:
        super().__init__(message)
        self.status, self.where, self.message = status, where, message


def jsonable(obj: Any) -> Any:
    """``obj`` with every non-finite float (NaN, inf) replaced by None, which JSON can carry."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    return obj


class DuplicateKey(ValueError):
    """A JSON object names a key twice (``il6sim run`` refuses such a file; the last one would win silently)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise DuplicateKey(k)
        out[k] = v
    return out


class NotJSON(ValueError):
    """A body holds ``NaN``, ``Infinity`` or ``-Infinity``: Python's reader takes them, JSON has no such values."""


def _no_constants(name: str) -> Any:
    raise NotJSON(name)


#: a lone UTF-16 surrogate (JSON's "\\ud800" escape alone): not a character; it cannot be written as UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unreadable(data: Any) -> str | None:
    """What no part of the app can take in a parsed body, as a message: nesting deeper than a YAML protocol may
    be (the worker's pickling ran out of stack at about 900 levels), or text with a lone surrogate; else None."""
    from ..io.files import MAX_YAML_DEPTH

    stack = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_YAML_DEPTH:
            return (f"nested too deeply: more than {MAX_YAML_DEPTH} levels (at {path[:60]}...); a protocol is a "
                    "mapping of cell, groups and readouts, a few levels deep")
        if isinstance(value, dict):
            for k, v in value.items():
                at = f"{path}.{k}" if path else str(k)
                if _SURROGATE.search(k):
                    return _surrogate(k, f"a key in '{path}'" if path else "a key")
                stack.append((v, at, depth + 1))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
        elif isinstance(value, str) and _SURROGATE.search(value):
            return _surrogate(value, f"'{path}'" if path else "the body")
    return None


def _surrogate(text: str, where: str) -> str:
    found = _SURROGATE.search(text).group()
    return (f"{where[:60]} holds \\u{ord(found):04x}, half of a UTF-16 surrogate pair, which is not a character: "
            "send the text as UTF-8, or escape both halves of the pair")


def _problems(status: int, where: str, message: str):
    from fastapi.responses import JSONResponse

    return JSONResponse({"problems": [{"where": where, "message": message}]}, status_code=status)


STATIC_PREFIX = "/static/"


class HeadAsGet:
    """ASGI middleware: a HEAD request is answered as the GET of the same URL, without the body.

    HTTP asks every GET resource to answer HEAD with the same status and
    headers (RFC 9110, 9.3.2); link checkers and ``curl -I`` rely on it.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD" or scope["path"].startswith(STATIC_PREFIX):
            return await self.app(scope, receive, send)  # static files answer HEAD themselves, without reading the file

        async def headers_only(message):
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})

        await self.app(dict(scope, method="GET"), receive, headers_only)


class AnswerUnexpected:
    """ASGI middleware: an unexpected exception is logged once and answered 500 with a problem list.

    Starlette's own handler for ``Exception`` answers, then raises the exception on
    to the server, which logs it a second time and closes the connection: a client's
    next request on that keep-alive connection failed with a connection reset.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            log.exception("unexpected error in %s", scope.get("path", "?"))
            if started:  # part of an answer has gone out: only the server can end it
                raise
            await _problems(500, "server", f"internal error ({type(exc).__name__}); the server log has the "
                                           "details")(scope, receive, send)


def create_app(settings: Settings | None = None):
    """The web app (a FastAPI instance) with its own worker pool."""
    from fastapi import FastAPI, Request
    from fastapi.responses import HTMLResponse, JSONResponse
    from fastapi.staticfiles import StaticFiles

    from .. import __version__

    settings = settings or Settings()
    pool = WorkerPool(settings.workers, max_pending=settings.max_pending, timeout_s=settings.timeout_s)

    @asynccontextmanager
    async def lifespan(app):
        pool.warm()
        try:
            yield
        finally:
            pool.shutdown()

    app = FastAPI(title="il6sim", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url="/api/openapi.json")
    app.state.pool = pool
    app.state.settings = settings
    app.mount(STATIC_PREFIX.rstrip("/"), StaticFiles(directory=STATIC), name="static")
    from starlette.middleware.gzip import GZipMiddleware

    # answers of more than 1 kB are compressed for clients that accept it (a dose-response answer, mostly a
    # base64 PNG, shrinks by about a third; the pages' scripts and JSON far more)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(AnswerUnexpected)
    app.add_middleware(HeadAsGet)  # added last: the outer one, so a HEAD of a failing GET gets the 500 without a body

    @app.exception_handler(BadRequest)
    async def _bad(request, exc: BadRequest):
        return _problems(exc.status, exc.where, exc.message)

    @app.exception_handler(404)
    async def _not_found(request, exc):
        """A mistyped page address gets a page with links to the pages (the API and static files answer as before)."""
        from fastapi.exception_handlers import http_exception_handler

        path = request.url.path
        if path.startswith(("/api/", STATIC_PREFIX)) or path == "/api":
            return await http_exception_handler(request, exc)
        return HTMLResponse(not_found_page(path), status_code=404)

    @app.exception_handler(405)
    async def _wrong_method(request, exc):
        """A page or static file asked with another method than GET: the API's problem list, not {"detail": ...}."""
        allow = (getattr(exc, "headers", None) or {}).get("Allow", "GET, HEAD")
        methods = " or ".join(m.strip() for m in allow.split(","))
        response = _problems(405, "url", f"{request.url.path[:200]} takes {methods}, not {request.method} (the JSON "
                                         "API is under /api; see /api)")
        response.headers["Allow"] = allow
        return response

    @app.exception_handler(Busy)
    async def _busy(request, exc):
        response = _problems(503, "server", str(exc))
        response.headers["Retry-After"] = str(RETRY_AFTER_S)  # what HTTP clients and proxies read to wait and retry
        return response

    @app.exception_handler(WorkerFailed)
    async def _failed(request, exc):
        return _problems(503, "server", str(exc))

    @app.exception_handler(JobTimeout)
    async def _timeout(request, exc):
        return _problems(504, "server", str(exc))

    async def read_json(request: Request, limit: int, *, yaml_text: bool = False) -> Any:
        """The request body as JSON, at most ``limit`` bytes; 413 or 422 with a message otherwise.

        ``yaml_text``: a body sent as YAML (``Content-Type: application/yaml``) is the protocol's text,
        ``{"yaml": text}``; elsewhere such a body is refused (it was read as a request with the one key 'yaml').
        """
        size = request.headers.get("content-length", "")
        if size.isdigit() and int(size) > limit:
            raise BadRequest(413, "request body", f"too large ({int(size)} bytes; at most {limit})")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise BadRequest(413, "request body", f"too large (more than {limit} bytes)")
        encoding = request.headers.get("content-encoding", "").strip().lower()
        if encoding not in ("", "identity"):  # it was read as text: 'not UTF-8 text (byte 1)'
            raise BadRequest(422, "request body", f"compressed (Content-Encoding: {encoding[:40]}): the API reads "
                                                  "the body as it is; send it uncompressed")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if not body.strip():
            raise BadRequest(422, "request body", "empty (expected the protocol's YAML text)" if yaml_text and
                             "yaml" in kind else "empty (expected JSON)")
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadRequest(422, "request body", f"not UTF-8 text (byte {exc.start}); send JSON as UTF-8"
                                                  f"{NOT_JSON_HINTS.get(request.url.path, '')}") from None
        if "yaml" in kind:
            if yaml_text:
                return {"yaml": text}
            raise BadRequest(422, "request body", f"YAML ({kind[:60]}): {request.url.path} takes a JSON object; send "
                                                  "one with Content-Type: application/json (a protocol's YAML text "
                                                  "goes to /api/run, /api/experiment or /api/protocol/parse)")
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
        except NotJSON as exc:
            raise BadRequest(422, "request body", f"malformed JSON: {exc.args[0]} is not a JSON value (write a "
                                                  "number, null, or text such as \"nan\" where text is "
                                                  "expected)") from None
        except DuplicateKey as exc:
            raise BadRequest(422, "request body", f"duplicate key {str(exc.args[0])[:40]!r} (each key may appear "
                                                  "once in an object)") from None
        except json.JSONDecodeError as exc:
            if kind in OTHER_BODIES:  # a form or a file sent as itself: the parser's 'Expecting value' says little
                raise BadRequest(422, "request body", f"{OTHER_BODIES[kind]} ({kind}), not JSON: send a JSON "
                                                      "object with Content-Type: application/json"
                                                      f"{NOT_JSON_HINTS.get(request.url.path, '')} (see /api)"
                                 ) from None
            raise BadRequest(422, "request body", f"malformed JSON: {exc.msg} at line {exc.lineno}, "
                                                  f"column {exc.colno}") from None
        except RecursionError:
            raise BadRequest(422, "request body", "malformed JSON: nested too deeply") from None
        problem = _unreadable(data)
        if problem:
            raise BadRequest(422, "request body", problem)
        return data

    def reply(result: Any):
        if isinstance(result, dict) and "problems" in result:
            return JSONResponse(jsonable(result), status_code=422)
        return JSONResponse(jsonable(result))

    def file_reply(out: dict):
        """A figure task's answer as the file (a PNG comes base64-encoded from the worker), or its problems."""
        import base64

        from fastapi.responses import Response

        if "problems" in out:
            return reply(out)
        body = base64.b64decode(out["content"]) if out["media_type"] == "image/png" else out["content"]
        return Response(body, media_type=out["media_type"],
                        headers={"Content-Disposition": f'attachment; filename="{out["filename"]}"'})

    def object_body(data: Any, what: str) -> dict:
        if not isinstance(data, dict):
            raise BadRequest(422, "request body", f"expected a JSON object ({what}) (got {tasks.json_kind(data)})")
        return data

    # ---- JSON API ----------------------------------------------------------

    @app.get("/api/health")
    async def health():
        return {"status": "ok"}

    @app.get("/api/presets")
    def presets():
        return tasks.presets()

    @app.get("/api/protocols")
    def protocols():
        return tasks.bundled()

    @app.get("/api/protocols/{name}")
    def protocol_text(name: str):
        return reply(tasks.bundled_text(name))

    @app.post("/api/run")
    async def run(request: Request):
        """A protocol as JSON (the keys of a protocol file) -> ``{"records": [...]}`` as ``il6sim run --format json``."""
        data = object_body(await read_json(request, settings.max_body_bytes, yaml_text=True), "a protocol")
        q = request.query_params  # ?uncertainty=true[&ensemble_size=N]: the prediction band
        return reply(await pool.run(tasks.run_records, data, "request", q.get("uncertainty"), q.get("ensemble_size")))

    @app.post("/api/experiment")
    async def experiment(request: Request):
        """``{"yaml": text[, "figures": [...]][, "uncertainty": true[, "ensemble_size": N]]}`` or a protocol ->
        records, CSV and figures (PNG as base64); with ``uncertainty``, the prediction band."""
        data = object_body(await read_json(request, settings.max_body_bytes, yaml_text=True),
                           "a protocol or {\"yaml\": text}")
        only = data.pop("figures", None)
        band = data.pop("uncertainty", None), data.pop("ensemble_size", None)
        if "yaml" in data and len(data) > 1:
            extra = next(k for k in data if k != "yaml")
            raise BadRequest(422, "request body", f"unknown key {str(extra)[:40]!r} (with yaml, the request takes "
                                                  "figures, uncertainty and ensemble_size)")
        return reply(await pool.run(tasks.run_experiment, data, tasks.EDITOR, only, *band))

    @app.post("/api/figure")
    async def figure(request: Request):
        """``{"yaml": text, "figure": western_blot|qpcr|timecourses, "format": png|svg[, "uncertainty": true]}``
        -> the figure file."""
        data = object_body(await read_json(request, settings.max_body_bytes), "yaml, figure, format")
        extra = [k for k in data if k not in FIGURE_KEYS]
        if extra:
            raise BadRequest(422, "request body", f"unknown key {str(extra[0])[:40]!r} (expected: "
                                                  f"{', '.join(FIGURE_KEYS)})")
        if "yaml" not in data and "protocol" not in data:
            raise BadRequest(422, "request body", "missing the protocol: give 'yaml' (the protocol's text) or "
                                                  "'protocol' (a mapping or 'seed:NAME')")
        if data.get("figure") is None:
            raise BadRequest(422, "figure", "missing: name the figure (western_blot, qpcr or timecourses)")
        if data.get("format", "svg") is None:
            raise BadRequest(422, "format", "must be png or svg (got null)")
        source = {"yaml": data.get("yaml")} if "yaml" in data else data.get("protocol")
        out = await pool.run(tasks.experiment_figure, source, data.get("figure"), data.get("format", "svg"),
                             tasks.EDITOR, data.get("uncertainty"), data.get("ensemble_size"))
        return file_reply(out)

    @app.post("/api/protocol/yaml")
    async def protocol_yaml(request: Request):
        """A protocol mapping (from the builder form) -> ``{"yaml": text}``."""
        return reply(tasks.to_yaml(await read_json(request, settings.max_body_bytes)))

    @app.post("/api/protocol/parse")
    async def protocol_parse(request: Request):
        """``{"yaml": text}`` -> ``{"protocol": mapping}`` after full validation (422 with the problems)."""
        data = object_body(await read_json(request, settings.max_body_bytes, yaml_text=True), "{\"yaml\": text}")
        if not isinstance(data.get("yaml"), str):
            raise BadRequest(422, "request body", "expected {\"yaml\": \"...protocol text...\"}")
        if len(data) > 1:
            extra = next(k for k in data if k != "yaml")
            raise BadRequest(422, "request body", f"unknown key {str(extra)[:40]!r} (the request takes yaml only)")
        return reply(await pool.run(tasks.parse_yaml, data["yaml"]))

    @app.post("/api/routes")
    async def routes(request: Request):
        """``{cell, IL6R_per_cell, gp130_per_cell, il6, sil6r}`` -> route shares, experiments, map."""
        data = object_body(await read_json(request, settings.max_body_bytes), "cell, receptors and doses")
        return reply(await pool.run(tasks.routes, data))

    @app.post("/api/dose-response")
    async def dose_response(request: Request):
        """``{cell, readout, time, parameter_set}`` -> EC50/IC50 table, figure (PNG), CSV, provenance."""
        data = object_body(await read_json(request, settings.max_body_bytes), "cell, readout, time, parameter_set")
        return reply(await pool.run(tasks.dose_response, data))

    @app.post("/api/dose-response/figure")
    async def dose_response_figure(request: Request):
        """``{cell, readout, time, parameter_set, format: svg|png}`` -> the dose-response figure file."""
        data = object_body(await read_json(request, settings.max_body_bytes),
                           "cell, readout, time, parameter_set, format")
        return file_reply(await pool.run(tasks.dose_response_figure, data))

    @app.post("/api/labdata")
    async def labdata(request: Request):
        """A lab table (base64) with its settings -> fold changes, plot, model overlay."""
        try:
            body = await read_json(request, settings.max_upload_bytes * 4 // 3 + 10_000)
        except BadRequest as exc:  # the page's user knows the file's size, not the request's (base64 is 4/3 of it)
            if exc.status != 413:
                raise
            from ..io.labtables import MAX_TABLE_BYTES

            size = request.headers.get("content-length", "")
            about = f"about {int(size) * 3 / 4 / 1e6:.1f} MB; " if size.isdigit() else ""
            raise BadRequest(413, "file", f"too large for the web app ({about}at most "
                                          f"{settings.max_upload_bytes / 1e6:g} MB); `il6sim qpcr FILE` and "
                                          f"`il6sim densitometry FILE` read tables up to "
                                          f"{MAX_TABLE_BYTES / 1e6:g} MB") from None
        data = object_body(body, "file, kind and settings")
        return reply(await pool.run(tasks.labdata, data))

    @app.get("/api/docs", include_in_schema=False)
    def docs():
        """Swagger UI (loaded from the internet); offline, the browser goes to the API page served here."""
        from fastapi.openapi.docs import get_swagger_ui_html

        html = get_swagger_ui_html(openapi_url=app.openapi_url, title="il6sim: JSON API").body.decode()
        fallback = f"<script>if (typeof SwaggerUIBundle === 'undefined') location.replace('{OFFLINE_DOCS}');</script>"
        return HTMLResponse(html.replace("</script>", "</script>" + fallback, 1))

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
                   include_in_schema=False)
    async def unknown(rest: str, request: Request):
        from fastapi.responses import Response

        known = API_METHODS.get(rest.rstrip("/")) or ("GET" if rest.startswith("protocols/") else None)
        allow = f"{known}, HEAD" if known == "GET" else known
        if known and request.method == "OPTIONS":  # what the endpoint takes, no body
            return Response(status_code=204, headers={"Allow": allow})
        if known and known != request.method:
            response = _problems(405, "url", f"/api/{rest} takes {known}, not {request.method} (see /api)")
            response.headers["Allow"] = allow
            return response
        return _problems(404, "url", f"no API endpoint /api/{rest} (see /api)")

    # ---- pages -------------------------------------------------------------

    def page(name: str):
        def handler(request: Request):
            return HTMLResponse(render_page(name, str(request.base_url)))

        return handler

    for url, name in PAGES.items():
        app.add_api_route(url, page(name), methods=["GET"], include_in_schema=False)
    return app
