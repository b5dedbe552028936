"""Make the harness modules in ``bench/`` importable as the scripts import each other."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"
SHARED_DATA = REPO.parent / "shared" / "data"

if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))


@pytest.fixture
def shared_data() -> Path:
    """The shared corpora folder, or skip when it does not sit beside the repo."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared corpora not available: {SHARED_DATA}")
    return SHARED_DATA
