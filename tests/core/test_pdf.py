import pytest

from core.pdf import RefusedURL, _fetcher_class, pdf_text, render_pdf


@pytest.fixture
def pdf_template(tmp_path, settings):
    (tmp_path / "t.html").write_text(
        "<html><head><link rel='stylesheet' href='/static/css/samverka.css'></head><body>"
        "<h1>{{ title }}</h1><img src='http://127.0.0.1:9/x.png'>"
        "<img src='file:///etc/passwd'></body></html>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return "t.html"


def test_render_pdf_has_swedish_text(pdf_template):
    assert "Återbruk i Ystad" in pdf_text(render_pdf(pdf_template, {"title": "Återbruk i Ystad"}))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.com/a.css",
        "file:///etc/passwd",
        "/static/../../etc/passwd",
        "ftp://x/y",
    ],
)
def test_fetcher_refuses_everything_but_own_static(url):
    with pytest.raises(RefusedURL):
        _fetcher_class()().fetch(url)


def test_fetcher_serves_own_static_file():
    response = _fetcher_class()().fetch("/static/css/samverka.css")
    assert b"--samverka-blue" in response.read()


def test_chart_svg_has_no_script_and_a_table_alternative():
    from core.charts import bar_chart

    chart = bar_chart("Sparat per månad", ["jan", "feb"], {"SEK": [100, 250]})
    assert "<script" not in chart.svg
    assert 'aria-label="Sparat per månad"' in chart.svg
    assert chart.rows == [("jan", [100]), ("feb", [250])]
