"""Issue 19: hostile input costs time in proportion to its size (``bench/hostile.py``: ten
times the input, at most twelve times the time beyond start-up)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "hostile_bench", Path(__file__).parents[2] / "bench" / "hostile.py"
)
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)


@pytest.mark.parametrize("name", list(bench.INPUTS))
def test_time_grows_linearly(name):
    small, large, ratio = bench.growth(name)
    assert ratio <= bench.ALLOWED, f"{small:.2f}s -> {large:.2f}s (x{ratio:.1f})"
