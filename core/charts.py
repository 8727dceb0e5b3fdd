"""Server-side SVG charts (pygal), inlined in pages and PDFs.

Every chart comes with its figures as a table (the text alternative), so a chart is
never the only way to read the numbers.
"""

import re
from dataclasses import dataclass

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#555555",
    colors=("#0b4f6c", "#c45a00", "#3a7d44", "#7a4fa3", "#8a6d00", "#b0304a"),
    font_family="DejaVu Sans, Liberation Sans, sans-serif",
)


@dataclass
class Chart:
    svg: SafeString
    title: str
    labels: list[str]
    series: dict[str, list[float]]

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        return [
            (label, [values[i] for values in self.series.values()])
            for i, label in enumerate(self.labels)
        ]


def _render(chart, title: str, labels: list[str], series: dict[str, list[float]]) -> Chart:
    chart.title = title
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    svg = chart.render(is_unicode=True)
    # pygal prepends an XML declaration; inline SVG must not carry one.
    svg = svg[svg.index("<svg") :]
    # No scripts (strict CSP, and PDFs run none) and no comments with remote links.
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" ', 1)
    return Chart(svg=mark_safe(svg), title=title, labels=labels, series=series)


def _attr(text: str) -> str:
    from django.utils.html import escape

    return escape(str(text))


def bar_chart(
    title: str, labels: list[str], series: dict[str, list[float]], *, stacked: bool = False
) -> Chart:
    cls = pygal.StackedBar if stacked else pygal.Bar
    chart = cls(
        style=STYLE,
        width=800,
        height=360,
        legend_at_bottom=True,
        x_label_rotation=30 if len(labels) > 6 else 0,
        disable_xml_declaration=True,
        js=[],  # no scripts: pygal would otherwise link its tooltip script from a CDN
        show_legend=len(series) > 1,
    )
    return _render(chart, title, labels, series)


def line_chart(title: str, labels: list[str], series: dict[str, list[float]]) -> Chart:
    chart = pygal.Line(
        style=STYLE,
        width=800,
        height=360,
        legend_at_bottom=True,
        x_label_rotation=30 if len(labels) > 6 else 0,
        disable_xml_declaration=True,
        js=[],  # no scripts: pygal would otherwise link its tooltip script from a CDN
        show_legend=len(series) > 1,
    )
    return _render(chart, title, labels, series)
