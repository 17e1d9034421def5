"""Each Markdown field is read on its own, as CommonMark, on the site and in the packs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import pypdf
import yaml

from generator.audience import pack_view, private_view
from generator.content.loader import load_portfolio
from generator.pack import write_packs
from generator.pack.markdown import render_pack_parts
from generator.pack.pandoc import find_pandoc
from generator.render.markdown import render_field_html
from generator.site.pages import render_site_pages
from generator.site.passthrough import content_line
from tests.test_pack_pdf import flat, pdf_text

# Answer 1 leaves a fence open and defines a link and a footnote; answer 2 uses the same names.
FIRST = "First[^1] and [ref].\n\n[^1]: NOTE-OF-FIRST\n\n[ref]: https://first.example/\n\n```\nunclosed FENCE-OF-FIRST\n"
SECOND = "Second[^1] and [ref] and [own][o].\n\n[^1]: NOTE-OF-SECOND\n\n[o]: https://second.example/\n\n# A heading of its own\n"


def two_answers(content: Path) -> None:
    path = content / "applications" / "acme-pm.yaml"
    app = yaml.safe_load(path.read_text(encoding="utf-8"))
    app["answers"] = [
        {"id": "one", "title": "Answer one", "versions": [{"id": "v1", "text": FIRST}]},
        {"id": "two", "title": "Answer two", "versions": [{"id": "v1", "text": SECOND}]},
    ]
    path.write_text(yaml.safe_dump(app, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_nothing_in_one_field_reaches_the_next_on_the_site(fixture_content: Path) -> None:
    two_answers(fixture_content)
    pages = render_site_pages(private_view(load_portfolio(fixture_content)), today=dt.date(2025, 7, 12))
    page = pages["applications/acme-pm.md"]
    one = page.split("### Answer one", 1)[1].split("### Answer two", 1)[0]
    two = page.split("### Answer two", 1)[1].split("\n## ", 1)[0]
    first, second = (re.findall(r'<div class="pf-md">.*</div>', part)[-1] for part in (one, two))
    assert "FENCE-OF-FIRST" in first and "FENCE-OF-FIRST" not in second
    assert "<h1>A heading of its own</h1>" in second  # not swallowed by the open fence
    assert "first.example" not in second and "[ref]" in second  # the other field's definition does not apply
    assert '<a href="https://second.example/"' in second
    # Footnotes: each field's own, with ids that differ on the page.
    ids = re.findall(r'id="(fn-[^"]+)"', page)
    assert len(ids) == 2 and len(set(ids)) == 2
    assert "NOTE-OF-FIRST" in first and "NOTE-OF-SECOND" in second and "NOTE-OF-FIRST" not in second


def test_nothing_in_one_field_reaches_the_next_in_the_pack(fixture_content: Path, tmp_path: Path) -> None:
    two_answers(fixture_content)
    (pack,) = write_packs(load_portfolio(fixture_content), tmp_path, app_ids=["acme-pm"], cache=False)
    text = flat(pdf_text(pack))
    second = text[text.index("Answer two") :]
    assert "FENCE-OF-FIRST" in text and "FENCE-OF-FIRST" not in second
    assert "A heading of its own" in second and "{#answer-two" not in text
    assert "[ref]" in second and text.count("NOTE-OF-FIRST") == 1 and "NOTE-OF-SECOND" in text
    titles = [item.title for item in _flatten(pypdf.PdfReader(pack).outline)]
    assert "Answer one" in titles and "Answer two" in titles
    assert "A heading of its own" not in titles  # content headings stay out of the outline, as on the site
    view = pack_view(load_portfolio(fixture_content), "acme-pm", "recruiter")
    (body, *_) = find_pandoc().typst_parts(render_pack_parts(view))
    assert "#heading(level: 1, outlined: false, numbering: none)[A heading of its own]" in " ".join(body.split())
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in pypdf.PdfReader(pack).pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]
    assert "https://second.example/" in uris and "https://first.example/" in uris
    assert uris.count("https://first.example/") == 1


def _flatten(outline: list[object]) -> list[object]:
    items: list[object] = []
    for item in outline:
        items += _flatten(item) if isinstance(item, list) else [item]
    return items


def test_only_web_mail_and_anchor_links_are_links_everywhere(fixture_content: Path, tmp_path: Path) -> None:
    links = (
        "[web](https://ok.example/) [mail](mailto:a@ok.example) [here](#answers) [js](javascript:alert(1)) "
        "[rel](/etc/passwd) [data](data:text/html,x) ![pic](https://img.example/p.png) ![bad](javascript:x)"
    )
    html = render_field_html(links)
    assert re.findall(r'href="([^"]+)"', html) == [
        "https://ok.example/",
        "mailto:a@ok.example",
        "#answers",
        "https://img.example/p.png",
    ]
    assert "<img" not in html and ">js<" not in html and " js " in html and "bad" in html
    two_answers(fixture_content)
    path = fixture_content / "applications" / "acme-pm.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Second[^1]", links.replace("\\", "\\\\")), encoding="utf-8"
    )
    (pack,) = write_packs(load_portfolio(fixture_content), tmp_path, app_ids=["acme-pm"], cache=False)
    data = pack.read_bytes()
    assert b"javascript:" not in data and b"/etc/passwd" not in data and b"data:text" not in data
    assert b"https://ok.example/" in data and b"mailto:a@ok.example" in data and b"https://img.example/p.png" in data


def test_python_markdown_passes_content_html_through_untouched_at_any_indentation() -> None:
    html = render_field_html("*x* {: onclick=y}\n\n    code\n\n<b>\n\n|a|\n|-|\n|b|\n")
    line = content_line(html)
    page = f'!!! note\n\n    {line}\n\n=== "tab"\n\n    {line}\n\n- item\n\n    {line}\n\n{line}\n'
    md = markdown.Markdown(
        extensions=["admonition", "attr_list", "md_in_html", "pymdownx.tabbed", "tables", "generator.site.passthrough"]
    )
    out = md.convert(page)
    assert out.count(line) == 4
    assert "onclick" not in out.replace(line, "")


def test_the_sanitiser_behind_the_renderer_keeps_only_what_the_renderer_makes() -> None:
    from generator.render.markdown import _cleaner

    dirty = (
        '<p onclick="x" style="color:red">a<script>alert(1)</script><img src=x onerror=y>'
        '<a href="javascript:x" title="t">b</a><a href="https://ok.example/" class="footnote-backref evil">c</a></p>'
        '<table><tr><td style="text-align:right;position:fixed">d</td></tr></table><iframe src="https://evil.example"></iframe>'
    )
    clean = _cleaner().clean(dirty)
    assert "onclick" not in clean and "<script" not in clean and "<img" not in clean and "<iframe" not in clean
    assert "javascript:" not in clean and "title=" not in clean and "evil" not in clean
    assert 'href="https://ok.example/"' in clean and 'class="footnote-backref"' in clean
    assert "position" not in clean and 'style="color' not in clean


def test_a_field_after_a_bullet_is_passed_through_untouched() -> None:
    """The résumé lists highlights as `- <field>`: Python-Markdown must not read the field's HTML again."""
    import markdown

    from generator.render.markdown import render_field_html
    from generator.site.passthrough import ContentPassthroughExtension, content_line

    field = content_line(render_field_html(r"\[x\](javascript:alert(1)) \!\[i\]\(//example.org/p.png\)"))
    page = markdown.markdown(f"- {field}\n- plain\n", extensions=[ContentPassthroughExtension()])
    assert "<a " not in page and "<img" not in page
    assert page.startswith('<ul>\n<li><div class="pf-md">')
