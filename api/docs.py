"""The API's documentation page: the OpenAPI schema rendered on the server in the site's
own layout (``<html lang>``, landmarks, contrast and keyboard use of every other page), so
it passes axe-core like them; no JavaScript UI, nothing inline, nothing from a CDN. The
machine-readable schema stays at ``/api/schema/``.

Same permission and authentication as the schema view (``SERVE_PERMISSIONS``)."""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import AUTHENTICATION_CLASSES
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    if kind == "array":
        return f"{_type(schema.get('items'))}[]"
    if schema.get("enum"):
        return " | ".join(str(v) for v in schema["enum"] if v not in (None, ""))
    return kind + (f" ({schema['format']})" if schema.get("format") else "")


def _body(operation: dict) -> str:
    content = (operation.get("requestBody") or {}).get("content") or {}
    for media in ("application/json", *content):
        if media in content:
            return _type(content[media].get("schema"))
    return ""


def operations(schema: dict) -> list[dict]:
    """The schema's operations grouped by tag, each with its parameters and responses."""
    groups: dict[str, list[dict]] = {}
    for path, item in schema.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            tag = (operation.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "location": p.get("in"),
                            "required": p.get("required", False),
                            "type": _type(p.get("schema")),
                            "description": p.get("description", ""),
                        }
                        for p in [*shared, *operation.get("parameters", [])]
                    ],
                    "body": _body(operation),
                    "responses": [
                        {"code": code, "description": answer.get("description", "")}
                        for code, answer in sorted(operation.get("responses", {}).items())
                    ],
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in sorted(groups.items())]


class ApiDocsView(APIView):
    renderer_classes = [TemplateHTMLRenderer]
    permission_classes = spectacular_settings.SERVE_PERMISSIONS
    authentication_classes = AUTHENTICATION_CLASSES
    template_name = "api/docs.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        generator = SchemaGenerator()
        with translation.override(translation.get_language() or "sv"):
            schema = generator.get_schema(request=request, public=True)
        return Response(
            {
                "info": schema.get("info", {}),
                "groups": operations(schema),
                "components": sorted(schema.get("components", {}).get("schemas", {})),
                "security": sorted(schema.get("components", {}).get("securitySchemes", {})),
            },
            template_name=self.template_name,
        )
