"""The window: Qt widgets over `catalog`'s use cases."""

import shiboken6  # noqa: F401  (loads shibokensupport, which PySide6 fills in when imported)


def _no_feature_scan() -> None:
    """PySide6 reads the source of every module imported after it (inspect.getsource, ~0.1 ms each,
    80 modules and 8-13 ms of the window's start) to see whether it names PySide6: that decides
    whether the module takes part in `from __feature__ import …` switches (snake_case,
    true_property). Marquee uses none, so every module is left out of them without reading it —
    which is what happens to a module that does not name PySide6."""
    from shibokensupport import feature  # type: ignore[import-not-found]

    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False


_no_feature_scan()
