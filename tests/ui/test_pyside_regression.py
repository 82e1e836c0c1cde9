"""Guards against the PySide6 6.12.0 / Python 3.11 reference-count bug: a Python slot that returns
(None or a value) corrupted refcounts and the process aborted after ~1,000 emissions."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    fired = Signal(int)


def test_ten_thousand_emissions_to_slots_returning_none_and_bool(qapp) -> None:
    emitter = Emitter()
    seen: list[int] = []

    def returns_none(value: int) -> None:
        seen.append(value)

    answers = 0

    def returns_bool(value: int) -> bool:
        nonlocal answers
        answers += 1
        return value % 2 == 0

    emitter.fired.connect(returns_none)
    emitter.fired.connect(returns_bool)
    for i in range(10_000):
        emitter.fired.emit(i)
    assert len(seen) == 10_000 and seen[-1] == 9_999
    assert answers == 10_000
