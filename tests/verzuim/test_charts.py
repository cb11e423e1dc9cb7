"""The chart scaffold (verzuim.charts): the frame's gridlines and coordinates, and the template that draws it."""

from __future__ import annotations

from decimal import Decimal

from django.template import engines

from verzuim import charts

PLOT = charts.Plot(width=200, height=120, left=40.0, right=190.0, top=10.0, bottom=110.0)


def test_a_frame_has_a_gridline_per_step_from_zero_to_the_top() -> None:
    frame = charts.frame(PLOT, dom_id="c", top_value=Decimal(20), step=Decimal(5), top_line_class="chart-wage")
    assert [(line.value, line.y, line.css_class) for line in frame.gridlines] == [
        (Decimal(0), "110.0", "chart-grid"),
        (Decimal(5), "85.0", "chart-grid"),
        (Decimal(10), "60.0", "chart-grid"),
        (Decimal(15), "35.0", "chart-grid"),
        (Decimal(20), "10.0", "chart-wage"),
    ]
    assert (frame.plot_left, frame.plot_bottom, frame.label_x) == ("40.0", "110.0", "32.0")


def test_a_value_above_the_top_stops_at_the_top() -> None:
    assert PLOT.y_of(Decimal(150), Decimal(100)) == PLOT.top
    assert PLOT.slot(3) == 50.0


def test_the_scaffold_draws_title_description_gridlines_in_dutch_and_axes() -> None:
    child = engines["django"].from_string(
        '{% extends "includes/svg_chart.html" %}{% block title %}Titel{% endblock %}'
        "{% block desc %}Uitleg{% endblock %}{% block series %}<rect/>{% endblock %}"
    )
    frame = charts.frame(PLOT, dom_id="demo", top_value=Decimal("2"), step=Decimal("0.5"))
    html = child.render({"chart": frame})
    # On screen the SVG is the plot with 2 units around it; its value axis is an HTML list, top down.
    assert 'viewBox="38.0 8.0 154.0 104.0" role="img" aria-labelledby="demo-title demo-desc"' in html
    assert '<title id="demo-title">Titel</title>' in html
    assert '<desc id="demo-desc">Uitleg</desc>' in html
    assert "<li>2%</li><li>1,5%</li><li>1%</li><li>0,5%</li><li>0%</li>" in html  # Dutch decimal commas
    assert "<text" not in html
    assert html.count('class="chart-axis"') == 2
    assert "<rect/>" in html
    assert "stroke=" not in html  # presentation attributes only when printing
    printed = child.render({"chart": frame, "print": True})
    assert 'stroke="#c9ced6"' in printed
    assert 'viewBox="0 0 200 120"' in printed
    assert 'dominant-baseline="middle">1,5%</text>' in printed  # printed, the labels are in the SVG
    assert "chart-axis-values" not in printed
