"""NameCache: a bulk load's cache of names never holds more than its limit (the older half goes)."""

from __future__ import annotations

from catalog.store.name_cache import NameCache


def test_a_full_cache_forgets_its_older_half_and_never_outgrows_its_limit() -> None:
    cache = NameCache(limit=4)
    for n in range(1, 11):
        cache[f"name {n}"] = n
        assert len(cache) <= 4 and cache[f"name {n}"] == n
    assert list(cache) == ["name 7", "name 8", "name 9", "name 10"]  # (full at 9: 5 and 6 went)
    cache["name 7"] = 70  # a name it holds: nothing is forgotten
    assert dict(cache) == {"name 7": 70, "name 8": 8, "name 9": 9, "name 10": 10}
    assert cache.setdefault("name 10", 0) == 10 and cache.setdefault("name 11", 11) == 11
    assert list(cache) == ["name 9", "name 10", "name 11"]
    cache.update({"a": 1, "b": 2})
    assert len(cache) <= 4 and {"a", "b"} <= set(cache)
    assert len(NameCache((f"k{n}", n) for n in range(100))) <= NameCache().limit
