"""The API's error responses in its OpenAPI schema, declared in one place (docs/decisions.md, decision 142).

Every error the API answers has the one body of verzuim.api_errors: {"message", "code", "fields"}. The
drf-spectacular postprocessing hook `postprocess_error_responses` adds that body as the component `Error` and
gives each operation the error statuses it can answer:

- 400 when it takes a request body (unparsable JSON, input the serializer refuses);
- 401 when it takes a token (none, or not a valid one);
- 404 when it has path parameters (the object is not there, or not for this user);
- 429 when its view has throttles (other than the machine clients' one);
- 403 and 429 when a machine client's key may call it (security ApiKeyAuth): a key without the operation's scope
  gets 403, a key over its rate 429 (verzuim.api_keys);
- and the status of every exception its handler can raise: 403 for PermissionDenied, 404 for Http404, 409 for a
  StateConflict, 400 for a validation error (e.g. a query parameter the view checks), an APIException's own.

"Can raise" is read from the code: the handler's source and, through the names it uses, the source of every
function of the project's own packages it can reach (selectors, services, their helpers). An exception caught
around the call and not re-raised does not count, also when the function is handed to a wrapper that calls it
inside its `try` (cases.interventions.api._call). This over-approximates where a service checks again what the
view or selector already refused (the 403 of POST .../medical-notes/ and .../sanctions/, the 404 of POST
/absences/ reloading the case it just made); it cannot see a method called on an instance or a class's own code.
Schemathesis covers the rest: tests/api/test_schemathesis.py fails on any status an operation answers that its
schema does not declare, and on any error body that is not `Error`.
"""

from __future__ import annotations

import ast
import builtins
import copy
import inspect
import textwrap
import types
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.drainage import error, warn
from rest_framework import exceptions

from verzuim.api_keys import ApiKeyRateThrottle
from verzuim.errors import StateConflict

ERROR_REF = {"$ref": "#/components/schemas/Error"}
MESSAGES = {"type": "array", "items": {"type": "string"}}

# What verzuim.api_errors.exception_handler answers. `fields` holds, per refused field, its messages; a nested
# input's nest, per list position ("0", "1", ...) or key. The handler flattens any depth; the API's inputs reach two
# levels (PremiumQuoteInput.employees: a list of objects), and that is what is described: a recursive $ref would
# be exact for any depth, but schemathesis inlines recursive references and its run gets ten times slower.
ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "description": "The body of every error the API answers.",
        "properties": {
            "message": {"type": "string", "description": "What went wrong, in Dutch, for the user."},
            "code": {
                "type": "string",
                "description": 'What went wrong, for a program: "invalid" for refused input, else e.g. '
                '"not_authenticated", "permission_denied", "not_found", a conflict\'s own code, "throttled".',
            },
            "fields": {
                "type": "object",
                "description": "Per refused field of the input, its messages; empty for every other error.",
                "additionalProperties": {"$ref": "#/components/schemas/FieldErrors"},
            },
        },
        "required": ["message", "code", "fields"],
        "additionalProperties": False,
    },
    "FieldErrors": {
        "description": "The messages of one field or, for a nested input, per list position or key.",
        "anyOf": [
            MESSAGES,
            {
                "type": "object",
                "additionalProperties": {"anyOf": [MESSAGES, {"type": "object", "additionalProperties": MESSAGES}]},
            },
        ],
    },
}

DESCRIPTIONS = {
    400: "Invalid input: `fields` names each refused field and why.",
    401: "No token, or not a valid one.",
    403: "Your role may not do this.",
    404: "Not found, or not for you.",
    409: "Conflicts with the current state of the object; `code` says how.",
    429: "Too many requests; try again later.",
}


def postprocess_error_responses(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """The hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]). A view's own description of an error status
    (e.g. the complaint intake's 429) is kept; the body is `Error` for every 4xx."""
    views = {(path, method.lower()): callback.cls for path, _regex, method, callback in generator.endpoints}
    analysis = _Analysis(_operation_packages(result, views))
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            view = views.get((path, method))
            if view is None:
                error(f"no view found for {method.upper()} {path}: its error responses are not declared")
                continue
            responses = operation["responses"]
            for status in sorted(_error_statuses(operation, view, method, analysis)):
                responses.setdefault(str(status), {"description": DESCRIPTIONS.get(status, HTTPStatus(status).phrase)})
            operation["responses"] = {
                status: {"content": {"application/json": {"schema": dict(ERROR_REF)}}, **response}
                if status.startswith("4") and "content" not in response
                else response
                for status, response in sorted(responses.items())
            }
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(copy.deepcopy(ERROR_SCHEMAS))
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result


def _operation_packages(result: dict[str, Any], views: dict[tuple[str, str], type]) -> frozenset[str]:
    """The top-level packages of the views behind the schema's operations: the project's own code."""
    return frozenset(
        views[path, method].__module__.split(".")[0]
        for path, operations in result["paths"].items()
        for method in operations
        if (path, method) in views
    )


def _error_statuses(operation: dict[str, Any], view: type, method: str, analysis: _Analysis) -> set[int]:
    statuses = set()
    if "requestBody" in operation:
        statuses.add(400)
    if any(requirement for requirement in operation.get("security", [])):
        statuses.add(401)
    if any(parameter.get("in") == "path" for parameter in operation.get("parameters", [])):
        statuses.add(404)
    if any(throttle is not ApiKeyRateThrottle for throttle in getattr(view, "throttle_classes", None) or []):
        statuses.add(429)
    if any("ApiKeyAuth" in requirement for requirement in operation.get("security", [])):
        statuses.update({403, 429})
    for raised in analysis.raised(getattr(view, method), view):
        status = exception_status(raised)
        if status is not None and 400 <= status < 500:
            statuses.add(status)
    return statuses


def exception_status(raised: type[BaseException]) -> int | None:
    """The status verzuim.api_errors.exception_handler answers for an exception of this class (None: a 500)."""
    if issubclass(raised, exceptions.APIException):
        return int(raised.status_code)
    if issubclass(raised, StateConflict):
        return 409
    if issubclass(raised, Http404):
        return 404
    if issubclass(raised, PermissionDenied):
        return 403
    if issubclass(raised, DjangoValidationError):
        return 400
    return None


Exceptions = frozenset[type[BaseException]]


class _Analysis:
    """Which exception classes a function can raise, read from its source and that of the project's functions it
    names (see the module docstring)."""

    def __init__(self, packages: frozenset[str]) -> None:
        self.packages = packages
        self.memo: dict[tuple[Callable[..., Any], type | None], _Reading] = {}

    def raised(self, function: Callable[..., Any], owner: type | None = None) -> Exceptions:
        return self.reading(function, owner).raised

    def reading(self, function: Callable[..., Any], owner: type | None = None) -> _Reading:
        key = (function, owner)
        if key not in self.memo:
            # While it is read, a call back into it (recursion) adds nothing: what it raises is being collected.
            self.memo[key] = _Reading(self, function, owner, placeholder=True)
            self.memo[key] = _Reading(self, function, owner)
        return self.memo[key]

    def ours(self, target: Any) -> bool:
        return isinstance(target, types.FunctionType) and (target.__module__ or "").split(".")[0] in self.packages


class _Reading:
    """One function's source, read: what it raises, and what it catches around the calls of its parameters (so a
    function handed to a wrapper that turns PermissionDenied into Http404 counts as called inside the wrapper)."""

    def __init__(
        self, analysis: _Analysis, function: Callable[..., Any], owner: type | None, placeholder: bool = False
    ) -> None:
        self.analysis = analysis
        self.function = inspect.unwrap(function)
        self.owner = owner
        self.found: set[type[BaseException]] = set()
        self.parameters: set[str] = set()
        # Per parameter the function calls: the exception classes caught at every one of those calls.
        self.caught_around: dict[str, tuple[type, ...]] = {}
        if placeholder:
            return
        try:
            source = textwrap.dedent(inspect.getsource(self.function))
        except (OSError, TypeError):
            warn(f"no source for {self.function.__qualname__}: the errors it can raise are not declared")
            return
        definition = ast.parse(source).body[0]
        assert isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef)
        self.parameters = {argument.arg for argument in ast.walk(definition.args) if isinstance(argument, ast.arg)}
        for statement in definition.body:  # not the decorators: @extend_schema names no raised exception
            self.visit(statement, ())

    @property
    def raised(self) -> Exceptions:
        return frozenset(self.found)

    def add(self, raised: Exceptions, caught: tuple[type, ...]) -> None:
        self.found.update(exception for exception in raised if not issubclass(exception, caught))

    def visit(self, node: ast.AST, caught: tuple[type, ...]) -> None:
        if isinstance(node, ast.Try):
            handled: list[type] = []
            for handler in node.handlers:
                reraises = any(isinstance(child, ast.Raise) and child.exc is None for child in ast.walk(handler))
                if handler.type is not None and not reraises:
                    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                    handled += [target for target in map(self.resolve, names) if isinstance(target, type)]
            for statement in node.body:
                self.visit(statement, (*caught, *handled))
            for statement in [*(line for handler in node.handlers for line in handler.body), *node.orelse]:
                self.visit(statement, caught)
            for statement in node.finalbody:
                self.visit(statement, caught)
        elif isinstance(node, ast.Call):
            self.visit_call(node, caught)
        elif isinstance(node, ast.Name | ast.Attribute):
            target = self.resolve(node)
            if isinstance(target, type) and issubclass(target, BaseException):
                self.add(frozenset({target}), caught)
            elif self.analysis.ours(target) and target is not self.function:
                self.add(self.analysis.raised(target, self.owner if _on_self(node) else None), caught)
            if isinstance(node, ast.Attribute):
                self.visit(node.value, caught)
        else:
            for child in ast.iter_child_nodes(node):
                self.visit(child, caught)

    def visit_call(self, node: ast.Call, caught: tuple[type, ...]) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in self.parameters:
            before = self.caught_around.get(node.func.id)
            here = caught if before is None else tuple(c for c in before if c in caught)
            self.caught_around[node.func.id] = here
        self.visit(node.func, caught)
        callee = self.resolve(node.func)
        wrapper = None
        names: list[str] = []
        if self.analysis.ours(callee):
            wrapper = self.analysis.reading(callee, self.owner if _on_self(node.func) else None)
            names = list(inspect.signature(callee).parameters)[1 if _on_self(node.func) else 0 :]
        passed: list[tuple[str | None, ast.expr]] = [
            (names[i] if i < len(names) else None, value) for i, value in enumerate(node.args)
        ]
        passed += [(keyword.arg, keyword.value) for keyword in node.keywords]
        for name, value in passed:
            target = self.resolve(value)
            if wrapper is not None and name in wrapper.caught_around and self.analysis.ours(target):
                self.add(self.analysis.raised(target), (*caught, *wrapper.caught_around[name]))
            else:
                self.visit(value, caught)

    def resolve(self, node: ast.AST) -> Any:
        """What a name or dotted name in the function's source refers to (None: a local, or unknown)."""
        if isinstance(node, ast.Name):
            if node.id == "self":
                return self.owner
            namespace = getattr(self.function, "__globals__", {})
            return namespace[node.id] if node.id in namespace else getattr(builtins, node.id, None)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            if base is None:
                return None
            try:
                target = inspect.getattr_static(base, node.attr)
            except AttributeError:
                return None
            return target.__func__ if isinstance(target, staticmethod | classmethod) else target
        return None


def _on_self(node: ast.AST) -> bool:
    """`self.something`: a method or attribute of the view (or of the class whose method is read)."""
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
