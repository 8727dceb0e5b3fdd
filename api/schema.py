from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalAccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token from your profile (API tokens).",
        }


ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` (a message or a list of messages) or `errors` "
    "(messages per field, as on the forms), and the HTTP status.",
    "properties": {
        "detail": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
            ]
        },
        "errors": {"type": "object", "additionalProperties": True},
        "status": {"type": "integer"},
    },
    "required": ["status"],
}

ERROR_DESCRIPTIONS = {
    "400": "Bad input: the same messages as the forms; nothing was changed.",
    "401": "No token, or the token is unknown, expired or revoked.",
    "403": "Not allowed (e.g. a read-only token writing, or a role that may not do this).",
    "404": "Not found, or not visible to you.",
}


def add_error_responses(result, generator, request, public):
    """Document the JSON errors of `api.errors.exception_handler` on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["401", "403"]
            if operation.get("parameters") or operation.get("requestBody") or method != "get":
                codes.append("400")
            names = {p.get("name") for p in operation.get("parameters", [])}
            if "{" in path or "page" in names:  # an id not visible, or a page past the end
                codes.append("404")
            for code in codes:
                operation["responses"].setdefault(
                    code, {"description": ERROR_DESCRIPTIONS[code], "content": ref}
                )
    return result
