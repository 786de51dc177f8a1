"""The change-over-time chart: each area's mean level by quarter, drawn as SVG on the server by the shared chart
helpers (``web.charts``), so the page needs no script. The table beside it holds the same figures."""

from __future__ import annotations

from wholefamily.web.charts import ChartSpec, render_svg
from wholefamily.web.maturity.scoring import Row

TITLE = "Mean level by area and quarter"


def area_levels_svg(quarters: list[str], rows: list[Row], top_level: int, *, description: str) -> str:
    """A line per area (rows whose ``statement`` is empty), a point per quarter it was scored; described by
    ``description`` (the change in words)."""
    areas = [row for row in rows if not row.statement]
    data = [
        {"quarter": quarter, "area": row.area, "level": row.levels[i]}
        for i, quarter in enumerate(quarters)
        for row in areas
    ]
    spec = ChartSpec(
        "line",
        "quarter",
        "level",
        "area",
        category_title="Quarter",
        value_title="Mean level",
        series_title="Area",
        value_domain=(0, top_level),
    )
    return str(render_svg(data, spec, title=TITLE, description=description))
