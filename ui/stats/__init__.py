"""The Statistics view: the figures of catalog.ops.statistics as charts drawn with QPainter."""
