"""Charts: the ECharts payload for the page (drawn by static/reports/charts.js) and the
server-side SVG for the monthly PDF (pygal), both from the same Table the page shows."""

from __future__ import annotations

from decimal import Decimal

from .registry import PCT, TEXT, Result, Table


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def payload(table: Table) -> dict | None:
    if not table.chart or not table.rows:
        return None
    drawn = table.drawn
    return {
        "type": table.chart,
        "stack": table.stack,
        "labels": [str(r.get(table.label_key, "")) for r in table.rows],
        "series": [{"name": str(c.label), "pct": c.kind == PCT, "data": [_number(r.get(c.key)) for r in table.rows]} for c in drawn],
        "urls": [r.get("_url", "") for r in table.rows],
    }


def payloads(result: Result) -> dict[str, dict]:
    return {t.key: p for t in result.tables if (p := payload(t)) is not None}


def svg(table: Table, *, font_family: str, width: int = 760, height: int = 300) -> str | None:
    """The table's chart as an SVG string (pygal), for WeasyPrint; None when there is nothing to draw."""
    import pygal
    from pygal.style import Style

    if not table.chart or not table.rows:
        return None
    style = Style(font_family=font_family, background="white", plot_background="white", foreground="#333",
                  foreground_strong="#111", foreground_subtle="#999", colors=("#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de"),
                  label_font_size=11, major_label_font_size=11, legend_font_size=11, value_font_size=10, title_font_size=13)
    labels = [str(r.get(table.label_key, "")) for r in table.rows]
    drawn = [c for c in table.drawn if c.kind != TEXT]
    # On paper a share beside counts is read from the table under the chart: draw the counts only.
    if any(c.kind != PCT for c in drawn):
        drawn = [c for c in drawn if c.kind != PCT]
    pct = all(c.kind == PCT for c in drawn)
    values = {c.key: [_number(r.get(c.key)) for r in table.rows] for c in drawn}
    if not any(v for vs in values.values() for v in vs):
        return None  # nothing but zeros: the table says it better
    if pct:
        values = {k: [None if v is None else round(v * 100, 1) for v in vs] for k, vs in values.items()}
    common = {"style": style, "width": width, "height": height, "show_legend": len(drawn) > 1 or table.chart == "pie",
              "legend_at_bottom": True, "disable_xml_declaration": True, "js": [], "print_values": len(labels) <= 12,
              "x_label_rotation": 30 if len(labels) > 8 else 0, "truncate_label": -1, "truncate_legend": -1, "explicit_size": True,
              "value_formatter": (lambda v: f"{v:.1f}%") if pct else _plain_number}
    if table.chart == "pie":
        chart = pygal.Pie(**common, inner_radius=0.4)
        column = drawn[0]
        for label, value in zip(labels, values[column.key], strict=True):
            chart.add(label, value or 0)
        return chart.render(is_unicode=True)
    kind = pygal.Line if table.chart == "line" else (pygal.StackedBar if table.stack else pygal.Bar)
    top = max((sum(v or 0 for v in col) if table.stack else max((v or 0 for v in col), default=0)) for col in
              ([list(x) for x in zip(*values.values(), strict=True)] if table.stack else values.values())) if values else 0
    if not pct and top and top <= 10 and all(float(v).is_integer() for vs in values.values() for v in vs if v is not None):
        common["y_labels"] = list(range(0, int(top) + 1))  # small counts: whole numbers on the axis
    chart = kind(**common)
    chart.x_labels = labels
    for column in drawn:
        chart.add(str(column.label), values[column.key])
    return chart.render(is_unicode=True)


def _plain_number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
