"""Property-based run against the published OpenAPI schema: no input makes the server fail.

schemathesis generates requests for every operation of ``/openapi.json`` (valid and invalid
parameters, bodies for every declared media type) and checks that none is answered with a
5xx, and that every response conforms to the schema (status codes, content types, bodies).
Bounded by ``max_examples`` per operation so the run stays short.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from storyweave.serve import create_app
from tests.serve.conftest import SETTINGS, example_store

MAX_EXAMPLES = 40
# Writes are fuzzed too: without a token (open writes) and small bodies.
_SETTINGS = replace(SETTINGS, serve_max_body_bytes=200_000)


@pytest.fixture(scope="module")
def fuzz_app():
    store = example_store()
    yield create_app(_SETTINGS, store)
    store.close()


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _fuzz(operation, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case) -> None:
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # An operation whose only parameter is a free-form path segment has no invalid
        # values to generate.
        assert mode is GenerationMode.NEGATIVE


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
def test_no_operation_fails_on_generated_requests(fuzz_app, mode):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        _fuzz(operation, mode)


def _fuzz_known(operation, ref: str) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def run(case) -> None:
        case.path_parameters = {"ref": ref}
        assert case.call_and_validate(checks=CHECKS).status_code == 200

    run()


def test_known_ids_with_generated_parameters(fuzz_app):
    """The resource operations again, on ids that exist (generated ids are all unknown)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    store = fuzz_app.state.store
    article = store.list_articles(limit=1)[0].id
    story = store.stories_of([article])[article]
    for path, ref in (("/api/articles/{ref}", article), ("/api/explain/{ref}", article),
                      ("/api/stories/{ref}", story)):  # fmt: skip
        _fuzz_known(schema[path]["GET"], ref)
