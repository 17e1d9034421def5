"""Test inputs for the one Markdown dialect: the CommonMark spec's examples and a hostile corpus.

`tests/data/commonmark/` is the CommonMark spec (spec.txt, CC-BY-SA 4.0,
John MacFarlane; see its LICENSE and SOURCE), kept unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

SPEC = Path(__file__).parent / "data" / "commonmark" / "spec.txt"
_EXAMPLE = re.compile(r"^`{32} example[^\n]*\n(.*?)^\.\n(.*?)^`{32}$", re.MULTILINE | re.DOTALL)
# Words as the tests compare them: runs of letters and digits (markup is not a word).
_WORD = re.compile(r"[^\W_]+")


def spec_examples() -> list[str]:
    """The Markdown of every example of the spec, in order (→ is a tab, as the spec says)."""
    return [markdown.replace("→", "\t") for markdown, _ in _EXAMPLE.findall(SPEC.read_text(encoding="utf-8"))]


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


# Each must show as typed and run nothing, on every page and in every pack.
# `{marker}` is replaced by a token the test looks for when it must show.
HOSTILE = [
    # The bypasses of issue 12.
    "Did things <ab:c/autofocus/contenteditable/onfocus=document.title=location.href>here.",
    "\\`<img src=x onerror=alert(1)>`",
    "```x```\n<img src=x onerror=alert(2)>",
    "`code across\n\n<img src=x onerror=alert(3)>` two paragraphs",
    "    ```\n<img src=x onerror=alert(4)>\n    ```",
    'Para\n{: onclick="alert(5)" }',
    '# Heading {: onmouseover="alert(6)" }',
    "[x](javascript:alert(7))",
    "[x](JaVaScRiPt:alert(8))",
    "[x](java&#x09;script:alert(9))",
    "[x](<javascript:alert(10)>)",
    "<javascript:alert(11)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)",
    "![x](javascript:alert(13))",
    "![pixel](https://tracker.example/p.gif)",
    "![](http://tracker.example/q.gif)",
    "[x](vbscript:msgbox(14))",
    "[x](//evil.example/path)",
    "[x][ref]\n\n[ref]: javascript:alert(15)",
    "[x](file:///etc/passwd)",
    '<a href="javascript:alert(16)">a</a>',
    "<svg onload=alert(17)>",
    '<iframe src="https://evil.example"></iframe>',
    "<script>alert(18)</script>",
    "<style>body{display:none}</style>",
    "<pre>\nunclosed pre <img src=x onerror=alert(19)>",
    "<textarea>\n</textarea><img src=x onerror=alert(20)>",
    "<!-- comment <img src=x onerror=alert(21)> -->",
    "<?php echo 1; ?><img src=x onerror=alert(22)>",
    "<!DOCTYPE html><img src=x onerror=alert(23)>",
    "<![CDATA[ <img src=x onerror=alert(24)> ]]>",
    "<div onclick=alert(25)>\n*md in html*\n</div>",
    "<custom-tag onfocus=alert(26) autofocus tabindex=0>x</custom-tag>",
    "<custom-block onfocus=alert(40) autofocus tabindex=0>\nan HTML block of the 7th kind\n</custom-block>",
    '<div markdown="1">\n<img src=x onerror=alert(27)>\n</div>',
    "&lt;img src=x onerror=alert(28)&gt; &#60;script&#62;alert(29)&#60;/script&#62;",
    "&#x1F680; &#26481; &amp;lt;script&amp;gt; &nbsp; &copy",
    "````\nunclosed outer fence\n```\ninner\n```",
    "~~~\nunclosed tilde fence",
    "```\n<img src=x onerror=alert(30)>\n```",
    "[^1] and [^1]\n\n[^1]: note <img src=x onerror=alert(31)>",
    "Footnote[^x]\n\n[^x]: one\n[^x]: two",
    "[link][shared]\n\n[shared]: https://example.org/one",
    "{{ 7*7 }} {% raw %}{{ x }}{% endraw %} {# comment #} ${{ secrets.TOKEN }}",
    "{% for x in y %}unclosed {{ '<script>alert(32)</script>' }}",
    '#set text(fill: red)\n#let x = 1\n#{ panic("typst ran") }',
    '$x^2$ @citation #import "/etc/passwd" <label> `#raw`',
    '```{=typst}\n#panic("raw typst ran")\n```',
    '[inject]{typst:text:fill="red" onclick="alert(33)"}',
    "<img src=x onerror=alert(34)\n  onerror2=x>",
    "*[x](javascript:alert(35))*",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(36)> | [x](javascript:alert(37)) |",
    '--8<-- "/etc/passwd"\n\n!!! note "x"\n    admonition syntax\n\n=== "tab"\n    tab syntax',
    '<div class="pf-md"><script>alert(38)</script></div>',
    "\\<img src=x onerror=alert(39)>",
    "<a href='https://evil.example' style='position:fixed;inset:0'>overlay</a>",
]


def write_portfolio(root: Path, answers: list[str], story_fields: list[str], *, name: str = "Zzowner") -> Path:
    """A content folder: application `answers` (one answer per text), application `stories`
    (one criterion drawing on every story), stories of four fields each."""
    content = root / "content"
    (content / "stories").mkdir(parents=True)
    (content / "applications").mkdir()
    _dump(content / "profile.yaml", {"name": name})
    story_ids = []
    sections = ("situation", "task", "action", "result")
    for n in range(0, len(story_fields), 4):
        story_id = f"s{n // 4 + 1:04d}"
        story_ids.append(story_id)
        fields = dict(zip(sections, story_fields[n : n + 4], strict=False))
        _dump(content / "stories" / f"{story_id}.yaml", {"title": f"SMARK{n // 4 + 1:04d}", **fields})
    _dump(
        content / "applications" / "answers.yaml",
        {
            "company": "Zzco",
            "role": "Zzrole",
            "answers": [
                {"id": f"e{n:04d}", "title": f"XMARK{n:04d}", "versions": [{"id": "v1", "text": text}]}
                for n, text in enumerate(answers, start=1)
            ],
        },
    )
    _dump(
        content / "applications" / "stories.yaml",
        {
            "company": "Zzco",
            "role": "Zzrole",
            "criteria": [{"text": "Zzcriterion", "stories": story_ids}],
        },
    )
    return content


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")
