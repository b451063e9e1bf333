"""Errors as JSON, with the messages the command line prints (`FILE:$.path: message`)."""

from __future__ import annotations

from ..errors import InvalidRecord, Problem


class ApiError(Exception):
    """An answer other than success: `status`, a one-line `error`, and the record's problems if any."""

    def __init__(self, status: int, error: str, problems: list[Problem] | None = None, **extra):
        self.status, self.error, self.problems, self.extra = status, error, problems or [], extra
        super().__init__(error)

    def body(self) -> dict:
        return {"error": self.error, "problems": [problem_json(p) for p in self.problems], **self.extra}


def problem_json(p: Problem) -> dict:
    return {"path": p.path, "message": p.message, "line": p.line, "column": p.column, "text": str(p)}


def malformed(exc: InvalidRecord) -> ApiError:
    return ApiError(400, f"malformed record: {exc.problems[0].message}", exc.problems)


def invalid(problems: list[Problem]) -> ApiError:
    return ApiError(422, f"the record has {len(problems)} problem{'s' if len(problems) != 1 else ''}: {problems[0]}", problems)


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "problems"],
    "properties": {
        "error": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "message", "text"],
                "properties": {
                    "path": {"type": "string"},
                    "message": {"type": "string"},
                    "line": {"type": ["integer", "null"]},
                    "column": {"type": ["integer", "null"]},
                    "text": {"type": "string"},
                },
            },
        },
    },
}


def error_responses(*codes: int) -> dict:
    """OpenAPI `responses` for the error codes a route can answer."""
    words = {
        400: "Malformed request (syntax, unknown format)",
        401: "Missing or wrong bearer token",
        404: "No such item",
        409: "Saved meanwhile by someone else",
        413: "Body or upload over the size limit",
        415: "Not the content type the route takes",
        422: "The record (or upload) has problems",
        429: "Too many PDF conversions waiting",
        503: "Over the time limit, or a tool is missing",
    }
    return {c: {"description": words[c], "content": {"application/json": {"schema": ERROR_SCHEMA}}} for c in codes}
