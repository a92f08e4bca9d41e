"""Every test module says whether it runs in both modes or once (tests/conftest.py)."""

from __future__ import annotations

from tests.conftest import MODE_INDEPENDENT, PER_MODE, ROOT


def test_every_module_is_classified() -> None:
    modules = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    unclassified = modules - set(MODE_INDEPENDENT) - PER_MODE
    assert not unclassified, (
        f"classify {sorted(unclassified)} in tests/conftest.py: MODE_INDEPENDENT (with the "
        "reason its outcome cannot depend on KAFKALAB_MODE) or PER_MODE"
    )
    assert not set(MODE_INDEPENDENT) & PER_MODE
    assert not (set(MODE_INDEPENDENT) | PER_MODE) - modules, "a listed module does not exist"
