"""The query editor page of `kg serve` (``/editor``): YASGUI, shipped inside the package
(``static/yasgui/``) so it works offline, with the usual prefixes known, the named queries to
open (run by name with their parameters until their text is edited), and nothing asked of any
other host. ``/static/yasgui/FILE`` serves its files; ``/editor/prefixes.json`` the prefixes
its completion offers."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.htmlsafe import script_json
from kg.linked.routes import local_roots
from kg.query.named import library
from kg.query.prefixes import USUAL

if TYPE_CHECKING:
    from kg.web.app import Endpoint

STATIC = {"yasgui.min.js": "text/javascript; charset=utf-8", "yasgui.min.css": "text/css; charset=utf-8",
          "LICENSE.txt": "text/plain; charset=utf-8", "THIRD-PARTY-NOTICES.txt": "text/plain; charset=utf-8"}


def _read(name: str) -> bytes:
    return files("kg.web").joinpath(name).read_bytes()


def editor_routes(endpoint: Endpoint) -> list[Route]:
    cache: dict[str, bytes] = {}

    async def page(request: Request) -> Response:
        if "page" not in cache:
            config = {"queries": [q.to_dict(text=True) for q in library().values()], "prefixes": USUAL,
                      "license": endpoint.info.license, "license_name": endpoint.info.license_name,
                      "attribution": endpoint.info.attribution(endpoint.sources, shown=3),
                      "triples": endpoint.triples, "example": EXAMPLE,
                      "resources": local_roots(endpoint.pool)}
            html = _read("editor.html").decode("utf-8")
            cache["page"] = html.replace("__CONFIG__", script_json(config)).encode("utf-8")
        return Response(cache["page"], media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse(f"no such file {name}\n", 404)
        if name not in cache:
            cache[name] = _read(f"static/yasgui/{name}")
        return Response(cache[name], media_type=STATIC[name], headers={"Cache-Control": "public, max-age=86400"})

    async def prefixes(request: Request) -> Response:
        return JSONResponse(USUAL)

    methods = ["GET", "HEAD"]
    return [Route("/editor", page, methods=methods), Route("/editor/prefixes.json", prefixes, methods=methods),
            Route("/static/yasgui/{name}", static, methods=methods)]


EXAMPLE = """PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#>
SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)"""
