"""The layering rules of DESIGN.md, enforced: stages never import each other or the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import storyweave

PACKAGE = Path(storyweave.__file__).parent
BOTTOM = {"models", "errors", "settings", "text"}
STAGES = {"ingest", "clean", "dedup", "cluster", "analyse"}
TOP = {"cli", "serve", "__main__"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in found if name.startswith("storyweave.")}


def _modules(layer: str) -> list[Path]:
    """The layer's modules; none for a stage not written yet."""
    base = PACKAGE / layer
    if base.is_dir():
        return sorted(base.rglob("*.py"))
    single = PACKAGE / f"{layer}.py"
    return [single] if single.is_file() else []


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stages_import_only_the_bottom_layer_and_themselves(stage):
    for path in _modules(stage):
        illegal = _imports(path) - BOTTOM - {stage}
        assert not illegal, f"{path.relative_to(PACKAGE)} imports {sorted(illegal)}"


@pytest.mark.parametrize("layer", ["store", *sorted(BOTTOM)])
def test_store_and_bottom_layer_import_no_stage(layer):
    allowed = BOTTOM | {layer}
    for path in _modules(layer):
        illegal = _imports(path) - allowed
        assert not illegal, f"{path.relative_to(PACKAGE)} imports {sorted(illegal)}"


def test_nothing_imports_the_top_layer():
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if layer in TOP:
            continue
        illegal = _imports(path) & TOP
        assert not illegal, f"{path.relative_to(PACKAGE)} imports {sorted(illegal)}"


def test_modules_stay_small():
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 600, f"{path.relative_to(PACKAGE)} has {lines} lines; split it"
